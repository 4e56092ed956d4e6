import { createI18n } from 'vue-i18n'
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type AppLocale } from './locales'

/** A locale's messages: nested objects whose leaves are message strings. */
export interface LocaleMessages {
  [key: string]: string | LocaleMessages
}

// One JSON file per area: src/locales/<locale>/<area>.json becomes messages[locale][area].
const files = import.meta.glob<LocaleMessages>('../locales/*/*.json', {
  eager: true,
  import: 'default',
})

export function loadMessages(): Record<AppLocale, LocaleMessages> {
  const messages = Object.fromEntries(
    SUPPORTED_LOCALES.map((locale) => [locale, {} as LocaleMessages]),
  ) as Record<AppLocale, LocaleMessages>
  for (const [path, content] of Object.entries(files)) {
    const match = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)
    if (!match) continue
    const [, locale, area] = match
    const bucket = messages[locale as AppLocale]
    if (bucket && area) bucket[area] = content
  }
  return messages
}

export function createAppI18n(locale: AppLocale = DEFAULT_LOCALE) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: loadMessages(),
  })
}
