import { collectMessages, type LocaleMessages } from './messages'

// The message areas the sign-in page does not use (see ./firstPage.ts).
const files = import.meta.glob<LocaleMessages>(['../locales/*/*.json', '!../locales/*/{auth,common,errors,nav,outage,problems,roles,status}.json'], {
  eager: true,
  import: 'default',
})

export const laterMessages = collectMessages(files)
