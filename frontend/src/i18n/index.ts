import { createI18n } from 'vue-i18n'
import { DEFAULT_LOCALE, type AppLocale } from './locales'
import { collectMessages, type LocaleMessages } from './messages'

export type { LocaleMessages } from './messages'

// One JSON file per area: src/locales/<locale>/<area>.json becomes messages[locale][area].
// Every area, at once: for tests and tools. The app starts with the sign-in
// page's areas and loads the rest when it leaves it (./firstPage.ts).
const files = import.meta.glob<LocaleMessages>('../locales/*/*.json', {
  eager: true,
  import: 'default',
})

export function loadMessages(): Record<AppLocale, LocaleMessages> {
  return collectMessages(files)
}

export function createAppI18n(locale: AppLocale = DEFAULT_LOCALE) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: loadMessages(),
  })
}
