import type { PolicyCap, PolicyRule, ScoringPolicy } from '@/api/policies'

/** A deep copy to edit, with the optional parts filled in (force_grade ''). */
export function editableCopy(policy: ScoringPolicy): ScoringPolicy {
  return {
    ...policy,
    grades: policy.grades.map((grade) => ({ ...grade, min: grade.min ?? null })),
    caps: (policy.caps ?? []).map((cap) => ({ ...cap, max: cap.max ?? null, min: cap.min ?? null })),
    rules: (policy.rules ?? []).map((rule) => ({ ...rule, force_grade: rule.force_grade ?? '' })),
  }
}

/**
 * The policy as PUT sends it: the rows in the order shown, so that the
 * server's `rules[i]…` errors point back at row i. The lowest grade never
 * has a minimum; an until-removed rule has no months.
 */
export function policyPayload(policy: ScoringPolicy): ScoringPolicy {
  const last = policy.grades.length - 1
  return {
    ...policy,
    grades: policy.grades.map((grade, index) => ({ ...grade, min: index === last ? null : grade.min })),
    caps: policy.caps.map((cap): PolicyCap => ({ category: cap.category, max: cap.max ?? null, min: cap.min ?? null })),
    rules: policy.rules.map((rule): PolicyRule => {
      const out: PolicyRule = { code: rule.code, points: rule.points ?? 0, months: rule.until_removed ? 0 : rule.months, until_removed: rule.until_removed }
      if (rule.force_grade) out.force_grade = rule.force_grade
      return out
    }),
  }
}

/** Whether two policies say the same (the draft has unsaved changes when not). */
export function samePolicy(a: ScoringPolicy, b: ScoringPolicy): boolean {
  return JSON.stringify(policyPayload(a)) === JSON.stringify(policyPayload(b))
}

/** A new rule for `code`: no points yet, a year's validity. */
export function newRule(code: string): PolicyRule {
  return { code, points: 0, months: 12, until_removed: false, force_grade: '' }
}

/** A server field name split into its list, row and field: `rules[3].months` → rules, 3, months. */
export interface FieldPath {
  list: 'grades' | 'caps' | 'rules' | null
  index: number | null
  /** The field within the row ('' for the row itself), or the top-level field. */
  field: string
}

export function parseField(name: string): FieldPath {
  const match = /^(grades|caps|rules)\[(\d+)\](?:\.(\w+))?$/.exec(name)
  if (match) return { list: match[1] as FieldPath['list'], index: Number(match[2]), field: match[3] ?? '' }
  return { list: null, index: null, field: name }
}

/**
 * The server's errors of one row: field → message ('' for the row itself),
 * from the `errors` of a 400 answer (grouped by ApiError.fieldErrors).
 */
export function rowErrors(fields: Readonly<Record<string, string>>, list: 'grades' | 'caps' | 'rules', index: number): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, message] of Object.entries(fields)) {
    const path = parseField(name)
    if (path.list === list && path.index === index) out[path.field] = message
  }
  return out
}

/** One line of a mover's reasons, taken apart to be said in the UI language. */
export type MoverReason =
  | { kind: 'nowCounts'; code: string; points: number }
  | { kind: 'changed'; code: string; from: number; to: number }
  | { kind: 'noLonger'; code: string; points: number }
  | { kind: 'adjustment'; adjustment: 'cap' | 'floor' | 'ceiling'; points: number }
  | { kind: 'thresholds' }
  | { kind: 'text'; text: string }

const NUMBER = '([+-]?\\d+(?:\\.\\d+)?)'
const ADJUSTMENT = new RegExp(`^(cap|floor|ceiling) ${NUMBER}$`)
const NOW_COUNTS = new RegExp(`^(\\S+) now counts ${NUMBER}$`)
const CHANGED = new RegExp(`^(\\S+) ${NUMBER} → ${NUMBER}$`)
const NO_LONGER = new RegExp(`^(\\S+) no longer counts \\(was ${NUMBER}\\)$`)

/**
 * The server words each reason in English ("party_warning -10.00 → -5.00");
 * the shapes it uses are read back here so the UI can name the code and say
 * it in the user's language. Anything else is shown as the server sent it.
 */
export function parseReason(text: string): MoverReason {
  let m = ADJUSTMENT.exec(text)
  if (m) return { kind: 'adjustment', adjustment: m[1] as 'cap' | 'floor' | 'ceiling', points: Number(m[2]) }
  if ((m = NOW_COUNTS.exec(text))) return { kind: 'nowCounts', code: m[1]!, points: Number(m[2]) }
  if ((m = NO_LONGER.exec(text))) return { kind: 'noLonger', code: m[1]!, points: Number(m[2]) }
  if ((m = CHANGED.exec(text))) return { kind: 'changed', code: m[1]!, from: Number(m[2]), to: Number(m[3]) }
  if (text === 'grade thresholds changed') return { kind: 'thresholds' }
  return { kind: 'text', text }
}
