import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { ElConfigProvider } from 'element-plus'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import App from '@/App.vue'
import { LOCALE_STORAGE_KEY, useLocaleStore } from '@/stores/locale'
import { jsonResponse, mountApp } from './helpers'

const meta = { name: 'integrity', version: '0.1.0', environment: 'development', demo: true }

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) =>
      Promise.resolve(jsonResponse(200, url === '/readyz' ? { status: 'ok' } : meta)),
    ),
  )
})

describe('locale store', () => {
  it('defaults to Chinese and sets <html lang>', () => {
    setActivePinia(createPinia())

    expect(useLocaleStore().locale).toBe('zh-CN')
    expect(document.documentElement.lang).toBe('zh-CN')
  })

  it('persists the choice and restores it on the next visit', () => {
    setActivePinia(createPinia())
    useLocaleStore().setLocale('en')

    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    expect(document.documentElement.lang).toBe('en')

    setActivePinia(createPinia())
    expect(useLocaleStore().locale).toBe('en')
  })

  it('ignores a stored value it does not know', () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'fr')
    setActivePinia(createPinia())

    expect(useLocaleStore().locale).toBe('zh-CN')
  })
})

describe('language switch', () => {
  it('switches the whole app, its title and <html lang> to English and back', async () => {
    const { wrapper } = await mountApp(App)
    const title = () => wrapper.get('[data-testid="app-title"]').text()

    expect(title()).toBe('公职人员诚信积分平台')
    expect(document.title).toBe('首页 - 公职人员诚信积分平台')

    await wrapper.get('[data-testid="lang-switch"]').trigger('click')
    await flushPromises()
    document.querySelector<HTMLElement>('[data-testid="lang-en"]')?.click()
    await flushPromises()

    expect(title()).toBe('Integrity Points Platform for Public Officials')
    expect(document.title).toBe('Home - Integrity Points Platform for Public Officials')
    expect(document.documentElement.lang).toBe('en')
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')

    useLocaleStore().setLocale('zh-CN')
    await flushPromises()
    expect(title()).toBe('公职人员诚信积分平台')
    expect(document.title).toBe('首页 - 公职人员诚信积分平台')
  })

  it('gives Element Plus its own strings in the chosen locale', async () => {
    const { wrapper } = await mountApp(App)
    const provider = wrapper.findComponent(ElConfigProvider)
    expect(provider.props('locale')?.name).toBe('zh-cn')

    useLocaleStore().setLocale('en')
    await flushPromises()
    expect(provider.props('locale')?.name).toBe('en')
  })
})
