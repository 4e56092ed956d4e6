import { useI18n } from 'vue-i18n'

/** Registry codes (gender, category, status, …) as words in the UI language. */
export function useOfficialText() {
  const { t, te } = useI18n()

  function coded(group: string, value: unknown): string {
    if (value === null || value === undefined || value === '') return '—'
    const key = `officials.${group}.${String(value)}`
    return te(key) ? t(key) : String(value)
  }

  /** The label of a snapshot field; the raw key when unknown. */
  function fieldLabel(key: string): string {
    const path = `officials.fields.${key}`
    return te(path) ? t(path) : key
  }

  /** A snapshot value for display. */
  function fieldValue(key: string, value: unknown): string {
    if (key === 'gender') return coded('genders', value)
    if (key === 'category') return coded('categories', value)
    if (key === 'status') return coded('statuses', value)
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no')
    if (value === null || value === undefined || value === '') return '—'
    return typeof value === 'object' ? JSON.stringify(value) : String(value)
  }

  return { coded, fieldLabel, fieldValue }
}
