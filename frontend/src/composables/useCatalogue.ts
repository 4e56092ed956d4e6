import { computed, shallowRef } from 'vue'
import { getCatalogue, type Catalogue, type CatalogueCategory, type CatalogueCode } from '@/api/catalogue'
import { categoryTone, type Tone } from '@/components/record/tone'
import { useBilingual } from './useBilingual'
import { useLatestRequest } from './useLatestRequest'

export type { Bilingual } from './useBilingual'

/**
 * The record catalogue with labels in the UI language. Loaded by each page
 * that needs it (an administrator may add codes at any time).
 */
export function useCatalogue() {
  const { label, labelOf } = useBilingual()
  const catalogue = shallowRef<Catalogue | null>(null)
  const { loading, error, run } = useLatestRequest()

  const categories = computed<CatalogueCategory[]>(() => catalogue.value?.categories ?? [])
  const categoryByKey = computed(() => new Map(categories.value.map((category) => [category.key, category])))
  const codeByKey = computed(() => {
    const map = new Map<string, CatalogueCode>()
    for (const category of categories.value) for (const code of category.codes) map.set(code.key, code)
    return map
  })

  const categoryLabel = labelOf(categoryByKey)
  const codeLabel = labelOf(codeByKey)

  function codesOf(categoryKey: string): CatalogueCode[] {
    return categoryByKey.value.get(categoryKey)?.codes ?? []
  }

  function toneOf(categoryKey: string): Tone {
    const category = categoryByKey.value.get(categoryKey)
    return category ? categoryTone(category) : 'neutral'
  }

  const load = () => run(() => getCatalogue(), (loaded) => (catalogue.value = loaded))

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
