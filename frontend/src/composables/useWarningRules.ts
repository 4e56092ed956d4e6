import { computed, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { getWarningRules, type Warning, type WarningPolicy, type WarningRule } from '@/api/warnings'
import { useBilingual } from './useBilingual'
import { usePermission } from './usePermission'

/**
 * The warning rules with labels in the UI language. The labels come from
 * the policy in force (GET /warnings/rules, for whoever may read it); others
 * (a data clerk reading a file) get the shipped rules' names from the
 * locale files, and a rule added later by its key.
 */
export function useWarningRules() {
  const { t, te } = useI18n()
  const { label } = useBilingual()
  const { can } = usePermission()
  const policy = shallowRef<WarningPolicy | null>(null)

  const rules = computed<WarningRule[]>(() => policy.value?.rules ?? [])
  const ruleByKey = computed(() => new Map(rules.value.map((rule) => [rule.key, rule])))

  function ruleLabel(key: string): string {
    const rule = ruleByKey.value.get(key)
    if (rule) return label(rule)
    return te(`warnings.ruleNames.${key}`) ? t(`warnings.ruleNames.${key}`) : key
  }

  function levelLabel(level: string): string {
    return te(`warnings.levels.${level}`) ? t(`warnings.levels.${level}`) : level
  }

  function stateLabel(state: string): string {
    return te(`warnings.states.${state}`) ? t(`warnings.states.${state}`) : state
  }

  function gradeLabel(key: string): string {
    return te(`score.grades.${key}`) ? t(`score.grades.${key}`) : key
  }

  /** What the rule found, in words: the score and threshold, the grades, the count, the end date. */
  function detailText(warning: Pick<Warning, 'detail'>): string {
    const detail = warning.detail ?? {}
    const parts: string[] = []
    if (typeof detail.score === 'number' && typeof detail.threshold === 'number') {
      parts.push(t('warnings.detail.score', { score: detail.score, threshold: detail.threshold }))
    }
    if (typeof detail.from === 'string' && typeof detail.to === 'string') {
      parts.push(t('warnings.detail.grade', { from: gradeLabel(detail.from), to: gradeLabel(detail.to) }))
    }
    if (typeof detail.count === 'number') parts.push(t('warnings.detail.count', { count: detail.count }))
    if (typeof detail.ends_on === 'string') parts.push(t('warnings.detail.endsOn', { date: detail.ends_on }))
    return parts.join('；')
  }

  /** Loads the rules in force when the user may read them; the fallback names stay otherwise. */
  async function load(): Promise<void> {
    if (!can('GET /api/v1/warnings/rules')) return
    try {
      policy.value = await getWarningRules()
    } catch {
      // The locale names and keys still label every warning.
    }
  }

  return { policy, rules, ruleLabel, levelLabel, stateLabel, detailText, load }
}
