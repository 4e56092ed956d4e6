import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import App from '@/App.vue'
import { loadMessages } from '@/i18n'
import { createFirstPageI18n, loadLaterMessages } from '@/i18n/firstPage'
import { SUPPORTED_LOCALES } from '@/i18n/locales'
import { createAppRouter } from '@/router'
import { useLocaleStore } from '@/stores/locale'
import { jsonResponse } from './helpers'

const meta = { name: 'integrity', version: '0.1.0', environment: 'development', demo: true }

describe('the messages the app starts with', () => {
  it('are the sign-in page areas; with the later ones they are every message of both locales', async () => {
    const i18n = createFirstPageI18n('en')
    expect(i18n.global.te('auth.login.title')).toBe(true)
    expect(i18n.global.te('audit.title')).toBe(false)

    await loadLaterMessages(i18n)

    const all = loadMessages()
    for (const locale of SUPPORTED_LOCALES) expect(i18n.global.getLocaleMessage(locale)).toEqual(all[locale])
  })

  it('hold every message the sign-in page shows, in Chinese and after switching to English', async () => {
    vi.stubGlobal('fetch', vi.fn((url: string) => Promise.resolve(jsonResponse(200, url === '/readyz' ? { status: 'ok' } : meta))))
    const pinia = createPinia()
    setActivePinia(pinia)
    const i18n = createFirstPageI18n(useLocaleStore().locale)
    const missing: string[] = []
    i18n.global.setMissingHandler((_locale, key) => {
      missing.push(key)
      return key
    })
    const router = createAppRouter(createMemoryHistory())
    await router.push('/login')
    await router.isReady()
    const wrapper = mount(App, { attachTo: document.body, global: { plugins: [pinia, i18n, router] } })
    await flushPromises()

    expect(wrapper.get('[data-testid="app-title"]').text()).toBe('公职人员诚信积分平台')
    await wrapper.get('[data-testid="lang-switch"]').trigger('click')
    await flushPromises()
    document.querySelector<HTMLElement>('[data-testid="lang-en"]')?.click()
    await flushPromises()

    expect(wrapper.get('[data-testid="app-title"]').text()).toBe('Integrity Points Platform for Public Officials')
    expect(document.title).toBe(`${i18n.global.t('auth.login.title')} - Integrity Points Platform for Public Officials`)
    expect(missing).toEqual([])
    wrapper.unmount()
  })
})
