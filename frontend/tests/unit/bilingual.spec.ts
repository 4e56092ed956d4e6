import { describe, expect, it } from 'vitest'
import { computed, defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { createAppI18n } from '@/i18n'
import { useBilingual, type Bilingual } from '@/composables/useBilingual'

/** The composable's functions, in an app whose UI language is `locale`. */
function bilingualIn(locale: 'zh-CN' | 'en') {
  let found: ReturnType<typeof useBilingual> | null = null
  mount(defineComponent({ setup: () => ((found = useBilingual()), () => h('div')) }), { global: { plugins: [createAppI18n(locale)] } })
  return found!
}

describe('useBilingual', () => {
  const entries = computed(() => new Map<string, Bilingual>([['warning', { zh: '警告', en: 'Warning' }], ['demerit', { zh: '记过', en: '' }]]))

  it('labels in Chinese, and in English where there is an English label', () => {
    const zh = bilingualIn('zh-CN')
    expect(zh.label({ zh: '警告', en: 'Warning' })).toBe('警告')
    const en = bilingualIn('en')
    expect(en.label({ zh: '警告', en: 'Warning' })).toBe('Warning')
    expect(en.label({ zh: '记过', en: '' })).toBe('记过')
  })

  it('names a key by its entry in the map, and a key the map lacks by itself', () => {
    const codeLabel = bilingualIn('en').labelOf(entries)
    expect(codeLabel('warning')).toBe('Warning')
    expect(codeLabel('demerit')).toBe('记过')
    expect(codeLabel('retired_code')).toBe('retired_code')
  })
})
