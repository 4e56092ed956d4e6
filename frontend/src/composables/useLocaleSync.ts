import { watch, watchEffect } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute } from 'vue-router'
import { useLocaleStore } from '@/stores/locale'

/**
 * Makes vue-i18n and the document title follow the locale store. Call once,
 * from the root component.
 */
export function useLocaleSync(): void {
  const store = useLocaleStore()
  const { locale, t } = useI18n({ useScope: 'global' })
  const route = useRoute()

  watch(
    () => store.locale,
    (next) => {
      locale.value = next
    },
    { immediate: true },
  )

  watchEffect(() => {
    const product = t('common.productName')
    const pageKey = route.meta.titleKey
    document.title = pageKey ? `${t(pageKey)} - ${product}` : product
  })
}
