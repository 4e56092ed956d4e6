import { useI18n } from 'vue-i18n'
import { useBilingual } from '@/composables/useBilingual'

/** How a grade reads: the default four by key, anything else by its rank. */
export type GradeTone = 'excellent' | 'good' | 'fair' | 'poor' | 'neutral'

export const GRADE_COLORS: Record<GradeTone, string> = {
  excellent: '#2e7d32',
  good: '#1a4d8f',
  fair: '#b34d00',
  poor: '#c8102e',
  neutral: '#5f6368',
}

const TAG_TYPES: Record<GradeTone, 'success' | 'primary' | 'warning' | 'danger' | 'info'> = {
  excellent: 'success',
  good: 'primary',
  fair: 'warning',
  poor: 'danger',
  neutral: 'info',
}

const RANKED: readonly GradeTone[] = ['excellent', 'good', 'fair', 'poor']

/**
 * The tone of a grade key. The shipped keys have their own; a grade a
 * deployment added is placed by its rank in `order` (best first), so the
 * best is still green and the lowest red.
 */
export function gradeTone(key: string, order: readonly string[] = []): GradeTone {
  if ((RANKED as readonly string[]).includes(key)) return key as GradeTone
  const rank = order.indexOf(key)
  if (rank < 0 || order.length === 0) return 'neutral'
  if (order.length === 1) return 'excellent'
  return RANKED[Math.round((rank / (order.length - 1)) * (RANKED.length - 1))] ?? 'neutral'
}

export function gradeColor(key: string, order: readonly string[] = []): string {
  return GRADE_COLORS[gradeTone(key, order)]
}

export function gradeTagType(key: string, order: readonly string[] = []) {
  return TAG_TYPES[gradeTone(key, order)]
}

/** A grade with its names, as a policy gives it. */
export interface NamedGrade {
  key: string
  zh: string
  en: string
}

/**
 * Names grades in the UI language: from the grades the server sent
 * (`known`), else the shipped default names, else the key itself.
 */
export function useGradeText(known: () => readonly NamedGrade[] = () => []) {
  const { t, te } = useI18n()
  const { label } = useBilingual()

  function gradeLabel(key: string): string {
    const grade = known().find((item) => item.key === key)
    if (grade) return label(grade)
    return te(`score.grades.${key}`) ? t(`score.grades.${key}`) : key
  }

  return { gradeLabel }
}

/** Points with their sign and at most two decimals: +2, −10, +1.5. */
export function formatPoints(value: number, locale = 'zh-CN'): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(value)
}

/** A score with at most two decimals. */
export function formatScore(value: number, locale = 'zh-CN'): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(value)
}

/** The day of a server date-time ("2025-09-11T00:00:00Z" → "2025-09-11"). */
export function dayOf(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : ''
}
