import type { Ref } from 'vue'
import { useI18n } from 'vue-i18n'

/** Anything labelled in both languages (catalogue entries, sources, file categories). */
export interface Bilingual {
  zh: string
  en: string
}

/**
 * Labels in the UI language. `label` gives an entry's (the Chinese one when
 * it has no English); `labelOf(byKey)` names a key by its entry in the map,
 * or shows the key itself when the map lacks it (a key of an older version).
 */
export function useBilingual() {
  const { locale } = useI18n()

  const label = (entry: Bilingual): string => (locale.value === 'en' && entry.en ? entry.en : entry.zh)

  const labelOf =
    (byKey: Readonly<Ref<ReadonlyMap<string, Bilingual>>>) =>
    (key: string): string => {
      const entry = byKey.value.get(key)
      return entry ? label(entry) : key
    }

  return { label, labelOf }
}
