import { createI18n } from 'vue-i18n'
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type AppLocale } from './locales'
import { collectMessages, type LocaleMessages } from './messages'

// The app ships with the message areas of the sign-in page and of what
// every page shows (the title, the outage banner, a problem's text), in
// both locales, so that switching language there needs nothing more. The
// other areas (./laterMessages.ts) come in one chunk before the first page
// past sign-in opens. The glob below and the one in laterMessages.ts name
// the same areas; a spec checks that together they hold every file.
const files = import.meta.glob<LocaleMessages>('../locales/*/{auth,common,errors,nav,outage,problems,roles,status}.json', {
  eager: true,
  import: 'default',
})

export function createFirstPageI18n(locale: AppLocale = DEFAULT_LOCALE) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: collectMessages(files),
  })
}

let later: Promise<void> | undefined

/** Adds the remaining areas to `i18n`, once; later calls wait for the same load. */
export function loadLaterMessages(i18n: { global: { mergeLocaleMessage: (locale: AppLocale, messages: LocaleMessages) => void } }): Promise<void> {
  later ??= import('./laterMessages')
    .then(({ laterMessages }) => {
      for (const locale of SUPPORTED_LOCALES) i18n.global.mergeLocaleMessage(locale, laterMessages[locale])
    })
    .catch((error: unknown) => {
      later = undefined // a failed load (say, an outage) is tried again at the next page
      throw error
    })
  return later
}
