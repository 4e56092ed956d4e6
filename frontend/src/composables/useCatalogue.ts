import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { getCatalogue, type Catalogue, type CatalogueCategory, type CatalogueCode } from '@/api/catalogue'
import { ApiError } from '@/api/request'
import { categoryTone, type Tone } from '@/components/record/tone'

/** Anything labelled in both languages (catalogue entries, sources, file categories). */
export interface Bilingual {
  zh: string
  en: string
}

/**
 * The record catalogue with labels in the UI language. Loaded by each page
 * that needs it (an administrator may add codes at any time).
 */
export function useCatalogue() {
  const { locale } = useI18n()
  const catalogue = shallowRef<Catalogue | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)

  const categories = computed<CatalogueCategory[]>(() => catalogue.value?.categories ?? [])
  const categoryByKey = computed(() => new Map(categories.value.map((category) => [category.key, category])))
  const codeByKey = computed(() => {
    const map = new Map<string, CatalogueCode>()
    for (const category of categories.value) for (const code of category.codes) map.set(code.key, code)
    return map
  })

  /** The label in the UI language; the Chinese one when there is no English. */
  const label = (entry: Bilingual): string => (locale.value === 'en' && entry.en ? entry.en : entry.zh)

  function categoryLabel(key: string): string {
    const category = categoryByKey.value.get(key)
    return category ? label(category) : key
  }

  function codeLabel(key: string): string {
    const code = codeByKey.value.get(key)
    return code ? label(code) : key
  }

  function codesOf(categoryKey: string): CatalogueCode[] {
    return categoryByKey.value.get(categoryKey)?.codes ?? []
  }

  function toneOf(categoryKey: string): Tone {
    const category = categoryByKey.value.get(categoryKey)
    return category ? categoryTone(category) : 'neutral'
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      catalogue.value = await getCatalogue()
      error.value = null
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught : ApiError.network(caught)
    } finally {
      loading.value = false
    }
  }

  return {
    catalogue,
    categories,
    categoryByKey,
    codeByKey,
    loading,
    error,
    label,
    categoryLabel,
    codeLabel,
    codesOf,
    toneOf,
    load,
  }
}
