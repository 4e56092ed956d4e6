import { SUPPORTED_LOCALES, type AppLocale } from './locales'

/** A locale's messages: nested objects whose leaves are message strings. */
export interface LocaleMessages {
  [key: string]: string | LocaleMessages
}

/**
 * Sorts message files by locale: src/locales/<locale>/<area>.json becomes
 * messages[locale][area]. `files` is an eager import.meta.glob of them.
 */
export function collectMessages(files: Record<string, LocaleMessages>): Record<AppLocale, LocaleMessages> {
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
