import { useI18n } from 'vue-i18n'
import type { AuditOutcome } from '@/api/audit'

/** Audit codes as words; an action the UI does not know shows as sent. */
export function useAuditText() {
  const { t, te } = useI18n()

  const action = (value: string) => (te(`audit.actions.${value}`) ? t(`audit.actions.${value}`) : value)
  const outcome = (value: string) => (te(`audit.outcomes.${value}`) ? t(`audit.outcomes.${value}`) : value)
  const targetType = (value: string) => (!value ? '—' : te(`audit.targetTypes.${value}`) ? t(`audit.targetTypes.${value}`) : value)
  const detailKey = (value: string) => (te(`audit.detailKeys.${value}`) ? t(`audit.detailKeys.${value}`) : value.replace(/_/g, ' '))
  const role = (value: string) => (!value ? '—' : te(`roles.${value}`) ? t(`roles.${value}`) : value)
  const outcomeType = (value: AuditOutcome | string) =>
    value === 'success' ? 'success' : value === 'denied' ? 'danger' : 'warning'

  return { action, outcome, role, outcomeType, targetType, detailKey }
}
