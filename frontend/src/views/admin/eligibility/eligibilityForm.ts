import type { Bar, BarPeriod, Combining, EligibilityPolicy, InfluencePeriod, Purpose, ReasonLabel } from '@/api/eligibility'

/** A bar as the form edits it: lists always present, months and years null when not set. */
export interface BarForm {
  /** The rule's id ('' : the reason names it). */
  id: string
  reason: string
  codes: string[]
  categories: string[]
  period: BarPeriod
  months: number | null
  years: number | null
  /** The legal source the rule cites. */
  source: string
  official_categories: string[]
}

export interface PurposeForm {
  key: string
  zh: string
  en: string
  bars: BarForm[]
  /** '' for none. */
  min_grade: string
  min_score: number | null
  assessment_year: boolean
  confidential: boolean
  official_categories: string[]
}

export interface EligibilityPolicyForm {
  version: number
  name: string
  combining: Combining
  reasons: ReasonLabel[]
  periods: InfluencePeriod[]
  purposes: PurposeForm[]
}

const noRule = { zh: '', en: '', source: '' }

function combiningCopy(c: Combining | undefined): Combining {
  return {
    one_act: { ...noRule, ...c?.one_act },
    one_decision: { ...noRule, ...c?.one_decision },
    during_period: { ...noRule, categories: null, max_months: 0, ...c?.during_period },
  }
}

function barForm(bar: Bar): BarForm {
  return {
    id: bar.id ?? '',
    source: bar.source ?? '',
    official_categories: [...(bar.official_categories ?? [])],
    reason: bar.reason,
    codes: [...(bar.codes ?? [])],
    categories: [...(bar.categories ?? [])],
    period: bar.period,
    months: bar.months ?? null,
    years: bar.years ?? null,
  }
}

/** A deep copy to edit, every optional part filled in. */
export function editableCopy(policy: EligibilityPolicy): EligibilityPolicyForm {
  return {
    version: policy.version,
    name: policy.name,
    combining: combiningCopy(policy.combining),
    reasons: (policy.reasons ?? []).map((reason) => ({ ...reason })),
    periods: (policy.periods ?? []).map((period) => ({ code: period.code, months: period.months ?? 0, permanent: period.permanent ?? false })),
    purposes: (policy.purposes ?? []).map((purpose) => ({
      key: purpose.key,
      zh: purpose.zh,
      en: purpose.en,
      bars: (purpose.bars ?? []).map(barForm),
      min_grade: purpose.min_grade ?? '',
      min_score: purpose.min_score ?? null,
      assessment_year: purpose.assessment_year ?? false,
      confidential: purpose.confidential ?? false,
      official_categories: [...(purpose.official_categories ?? [])],
    })),
  }
}

/**
 * The policy as PUT sends it: every list in the order shown, so that the
 * server's `purposes[i].bars[j]…`, `periods[i]…` and `reasons[i]…` errors
 * point back at what is on screen. A bar carries months only for a fixed
 * period and years only for a calendar-year one; a permanent period has no
 * months; a purpose without a minimum grade or score leaves it out.
 */
export function policyPayload(form: EligibilityPolicyForm): EligibilityPolicy {
  return {
    version: form.version,
    name: form.name,
    combining: combiningCopy(form.combining),
    reasons: form.reasons.map((reason) => ({ key: reason.key, zh: reason.zh, en: reason.en })),
    periods: form.periods.map((period) => ({ code: period.code, months: period.permanent ? 0 : (period.months ?? 0), permanent: period.permanent })),
    purposes: form.purposes.map((purpose): Purpose => {
      const out: Purpose = {
        key: purpose.key,
        zh: purpose.zh,
        en: purpose.en,
        bars: purpose.bars.map((bar): Bar => {
          const sent: Bar = { id: bar.id, reason: bar.reason, codes: [...bar.codes], categories: [...bar.categories], period: bar.period, source: bar.source }
          if (bar.official_categories.length > 0) sent.official_categories = [...bar.official_categories]
          if (bar.period === 'fixed') sent.months = bar.months ?? 0
          if ((bar.period === 'calendar_year' || bar.period === 'assessment_window') && bar.years !== null) sent.years = bar.years
          return sent
        }),
      }
      if (purpose.assessment_year) out.assessment_year = true
      if (purpose.confidential) out.confidential = true
      if (purpose.official_categories.length > 0) out.official_categories = [...purpose.official_categories]
      if (purpose.min_grade) out.min_grade = purpose.min_grade
      if (purpose.min_score !== null && purpose.min_score !== undefined) out.min_score = purpose.min_score
      return out
    }),
  }
}

/** Whether the form says what the stored policy says (no unsaved changes). */
export function samePolicy(form: EligibilityPolicyForm, stored: EligibilityPolicy): boolean {
  return JSON.stringify(policyPayload(form)) === JSON.stringify(policyPayload(editableCopy(stored)))
}

export function newBar(reason = ''): BarForm {
  return { id: '', reason, codes: [], categories: [], period: 'record', months: null, years: null, source: '', official_categories: [] }
}

export function newPurpose(): PurposeForm {
  return { key: '', zh: '', en: '', bars: [newBar()], min_grade: '', min_score: null, assessment_year: false, confidential: false, official_categories: [] }
}

/**
 * The server's errors at `prefix` (e.g. `purposes[3].bars[0]`): what
 * follows it ('' for the entry itself, `period`, `codes`) → message. Errors
 * deeper down (a purpose's bars, from the purpose's point of view) are
 * left out unless `deep`.
 */
export function errorsAt(fields: Readonly<Record<string, string>>, prefix: string, deep = false): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, message] of Object.entries(fields)) {
    const field = name.startsWith('policy.') ? name.slice('policy.'.length) : name
    if (field === prefix) out[''] = message
    else if (field.startsWith(`${prefix}.`)) {
      const rest = field.slice(prefix.length + 1)
      if (deep || !/[.[]/.test(rest)) out[rest] = message
    }
  }
  return out
}

/** The indexes of the purposes the server found fault with. */
export function purposesWithErrors(fields: Readonly<Record<string, string>>): number[] {
  const found = new Set<number>()
  for (const name of Object.keys(fields)) {
    const match = /^(?:policy\.)?purposes\[(\d+)\]/.exec(name)
    if (match) found.add(Number(match[1]))
  }
  return [...found].sort((a, b) => a - b)
}

/** A server field name taken apart: `purposes[3].bars[0].period` → purpose 3, bar 0, field period. */
export interface EligibilityFieldPath {
  list: 'purposes' | 'periods' | 'reasons' | null
  index: number | null
  bar: number | null
  field: string
}

export function parseEligibilityField(name: string): EligibilityFieldPath {
  const field = name.startsWith('policy.') ? name.slice('policy.'.length) : name
  const match = /^(purposes|periods|reasons)\[(\d+)\](?:\.bars\[(\d+)\])?(?:\.(\w+))?$/.exec(field)
  if (!match) return { list: null, index: null, bar: null, field }
  return {
    list: match[1] as EligibilityFieldPath['list'],
    index: Number(match[2]),
    bar: match[3] === undefined ? null : Number(match[3]),
    field: match[4] ?? '',
  }
}
