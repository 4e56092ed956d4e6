import { useI18n } from 'vue-i18n'
import type { ImportStatus } from '@/api/imports'
import type { RecordState } from '@/api/records'

/**
 * Words for the records area: a field as the server names it in errors
 * (id_number, decision_date, …) becomes the column label of the import
 * template (身份证号码, 决定日期, …) or its English name.
 */
export function useRecordText() {
  const { t, te } = useI18n()

  function fieldLabel(field: string): string {
    const key = `records.fields.${field}`
    return te(key) ? t(key) : field
  }

  const stateLabel = (state: RecordState): string => t(`records.states.${state}`)

  const importStatusLabel = (status: ImportStatus): string => t(`imports.statuses.${status}`)

  const importStatusType = (status: ImportStatus): 'info' | 'primary' | 'success' | 'danger' =>
    status === 'done' ? 'success' : status === 'failed' ? 'danger' : status === 'running' ? 'primary' : 'info'

  return { fieldLabel, stateLabel, importStatusLabel, importStatusType }
}
