import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import type { SourceKey } from '@/api/sources'
import { createAppI18n } from '@/i18n'
import SourceKeysDrawer from '@/views/admin/sources/SourceKeysDrawer.vue'
import { fakeServer, jsonResponse, signIn } from './helpers'

const KEY = 'isk_1a2b3c4d_0123456789abcdef0123456789abcdef0123456789abcdef'
const source = { id: 4, code: 'court', name: '云州市中级人民法院', name_en: 'Court', categories: ['judicial'], created_at: '2026-01-01T00:00:00Z' }
const issued: SourceKey = {
  id: 11, name: '生产环境', prefix: 'isk_1a2b3c4d', created_by: 'admin', created_at: '2026-01-02T00:00:00Z', last_used_at: null, revoked_at: null,
}

function serve() {
  const keys: SourceKey[] = []
  const server = fakeServer({
    'GET /api/v1/sources/4/keys': () => jsonResponse(200, { items: keys, total: keys.length }),
    'POST /api/v1/sources/4/keys': () => {
      keys.push(issued)
      return jsonResponse(201, { ...issued, key: KEY })
    },
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function openDrawer() {
  setActivePinia(createPinia())
  signIn(['admin'])
  const wrapper = mount(SourceKeysDrawer, {
    props: { open: false, source, sourceName: source.name, 'onUpdate:open': (open: boolean) => wrapper.setProps({ open }) },
    global: { plugins: [createAppI18n()] },
    attachTo: document.body,
  })
  await wrapper.setProps({ open: true })
  await flushPromises()
  return wrapper
}

const secretInput = () => document.body.querySelector<HTMLInputElement>('[data-testid="secret-dialog"] [data-testid="secret-value"]')

describe('SourceKeysDrawer', () => {
  it('shows a new key once, then only its prefix', async () => {
    const server = serve()
    const wrapper = await openDrawer()
    expect(server.count('GET /api/v1/sources/4/keys')).toBe(1)

    // A key needs a purpose.
    document.body.querySelector<HTMLButtonElement>('[data-testid="key-create"]')!.click()
    await flushPromises()
    expect(server.count('POST /api/v1/sources/4/keys')).toBe(0)

    const name = document.body.querySelector<HTMLInputElement>('[data-testid="key-name"]')!
    name.value = '生产环境'
    name.dispatchEvent(new Event('input'))
    document.body.querySelector<HTMLButtonElement>('[data-testid="key-create"]')!.click()
    await flushPromises()
    await flushPromises()

    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({ name: '生产环境' })
    expect(secretInput()?.value).toBe(KEY)
    expect(document.body.querySelector('[data-testid="secret-dialog"]')?.textContent).toContain('只显示这一次')
    expect(document.body.querySelector('[data-testid="keys-table"]')?.textContent).toContain('isk_1a2b3c4d…')

    // Done: the key is gone from the page for good; the list keeps the prefix.
    const done = [...document.body.querySelectorAll<HTMLButtonElement>('[data-testid="secret-dialog"] button')].find((button) => button.textContent?.trim() === '完成')
    done!.click()
    await flushPromises()
    expect(document.body.innerHTML).not.toContain(KEY)
    expect(secretInput()?.value ?? '').toBe('')
    expect(document.body.querySelector('[data-testid="keys-table"]')?.textContent).toContain('生产环境')
    expect(server.count('GET /api/v1/sources/4/keys')).toBe(2)
    wrapper.unmount()
  })
})
