import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { ApiClient } from '@/api/clients'
import type { SourceKey } from '@/api/sources'
import ClientsView from '@/views/admin/ClientsView.vue'
import { fakeServer, jsonResponse, mountApp } from './helpers'

const KEY = 'ipk_5e6f7a8b_00112233445566778899aabbccddeeff00112233445566778899'
const client: ApiClient = {
  id: 3, name: '清江区干部管理系统', role: 'personnel_system', department_id: 2, scope: 'dept_and_below', created_by: 'admin', created_at: '2026-12-01T07:00:00Z', disabled_at: null,
}
const issued: SourceKey = { id: 21, name: '生产环境', prefix: 'ipk_5e6f7a8b', created_by: 'admin', created_at: '2026-12-01T08:00:00Z', last_used_at: null, revoked_at: null }
const departments = [
  { id: 1, parent_id: null, code: 'yz', name: '云州市', name_en: 'Yunzhou City', kind: 'city', sort_order: 0 },
  { id: 2, parent_id: 1, code: 'yz-qj', name: '清江区', name_en: 'Qingjiang District', kind: 'district', sort_order: 100 },
]

function serve() {
  const keys: SourceKey[] = []
  const server = fakeServer({
    'GET /api/v1/clients': () => jsonResponse(200, { items: [client], total: 1 }),
    'GET /api/v1/departments': () => jsonResponse(200, { items: departments, total: departments.length }),
    'GET /api/v1/clients/3/keys': () => jsonResponse(200, { items: keys, total: keys.length }),
    'POST /api/v1/clients/3/keys': () => {
      keys.push(issued)
      return jsonResponse(201, { ...issued, key: KEY })
    },
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

const secret = () => document.body.querySelector<HTMLInputElement>('[data-testid="secret-dialog"] [data-testid="secret-value"]')

describe('API clients', () => {
  it('lists the clients with their department and scope, and shows a new key once', async () => {
    const server = serve()
    const { wrapper } = await mountApp(ClientsView, { path: '/admin/clients', roles: ['admin'] })
    await flushPromises()
    const row = wrapper.get('[data-testid="clients-table"] .el-table__body tr')
    expect(row.text()).toContain('清江区干部管理系统')
    expect(row.text()).toContain('清江区')
    expect(row.text()).toContain('本部门及下级')
    expect(row.text()).toContain('人事系统（资格审查）')

    await wrapper.get('[data-testid="client-keys"]').trigger('click')
    await flushPromises()
    expect(server.count('GET /api/v1/clients/3/keys')).toBe(1)
    const drawer = document.body.querySelector<HTMLElement>('[data-testid="client-keys-drawer"]')!
    expect(drawer.textContent).toContain('接口密钥 · 清江区干部管理系统')

    const name = drawer.querySelector<HTMLInputElement>('[data-testid="key-name"]')!
    name.value = '生产环境'
    name.dispatchEvent(new Event('input'))
    drawer.querySelector<HTMLButtonElement>('[data-testid="key-create"]')!.click()
    await flushPromises()
    await flushPromises()
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({ name: '生产环境' })
    expect(secret()?.value).toBe(KEY)
    expect(document.body.querySelector('[data-testid="secret-dialog"]')?.textContent).toContain('交给对方系统')

    // Closed, the key is gone for good; the list keeps its prefix.
    const done = [...document.body.querySelectorAll<HTMLButtonElement>('[data-testid="secret-dialog"] button')].find((button) => button.textContent?.trim() === '完成')
    done!.click()
    await flushPromises()
    expect(document.body.innerHTML).not.toContain(KEY)
    expect(drawer.querySelector('[data-testid="keys-table"]')?.textContent).toContain('ipk_5e6f7a8b…')
    expect(server.count('GET /api/v1/clients/3/keys')).toBe(2)
  })
})
