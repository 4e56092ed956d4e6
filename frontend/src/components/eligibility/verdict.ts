import type { Verdict } from '@/api/eligibility'

/** Verdict colours: eligible green, ineligible red, needs review amber, not found grey. */
export const VERDICT_COLORS: Record<Verdict, string> = {
  eligible: '#2e7d32',
  ineligible: '#c8102e',
  needs_review: '#9a5b00',
  not_found: '#5f6368',
}

const TAG_TYPES: Record<Verdict, 'success' | 'danger' | 'warning' | 'info'> = {
  eligible: 'success',
  ineligible: 'danger',
  needs_review: 'warning',
  not_found: 'info',
}

export function verdictTagType(verdict: Verdict): 'success' | 'danger' | 'warning' | 'info' {
  return TAG_TYPES[verdict] ?? 'info'
}

