import { useI18n } from 'vue-i18n'

/** Dates and times in the UI locale; '—' for what is missing. */
export function useFormat() {
  const { locale } = useI18n()

  function dateTime(value: string | null | undefined): string {
    if (!value) return '—'
    const date = new Date(value)
    if (Number.isNaN(date.getTime())) return value
    return new Intl.DateTimeFormat(locale.value, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false,
    }).format(date)
  }

  return { dateTime }
}
