import type { Language } from 'element-plus/es/locale'
import en from 'element-plus/es/locale/lang/en'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import type { AppLocale } from './locales'

/** Element Plus's own strings (pagination, date picker, …) follow the app locale. */
export const elementLocales: Record<AppLocale, Language> = {
  'zh-CN': zhCn,
  en,
}
