import { defineStore } from 'pinia'
import { ref } from 'vue'
import { DEFAULT_LOCALE, isAppLocale, type AppLocale } from '@/i18n/locales'

export const LOCALE_STORAGE_KEY = 'integrity.locale'

function readStoredLocale(): AppLocale {
  try {
    const stored = window.localStorage.getItem(LOCALE_STORAGE_KEY)
    return isAppLocale(stored) ? stored : DEFAULT_LOCALE
  } catch {
    return DEFAULT_LOCALE // storage disabled: keep the default
  }
}

function persistLocale(locale: AppLocale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

/**
 * The chosen UI locale. It is the source of truth: vue-i18n, Element Plus,
 * <html lang> and document.title follow it (see useLocaleSync).
 */
export const useLocaleStore = defineStore('locale', () => {
  const locale = ref<AppLocale>(readStoredLocale())
  document.documentElement.lang = locale.value

  function setLocale(next: AppLocale): void {
    locale.value = next
    persistLocale(next)
    document.documentElement.lang = next
  }

  return { locale, setLocale }
})
