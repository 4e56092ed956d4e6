import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Component } from 'vue'
import type { Role } from '@/auth/roles'
import { columnsStorageKey } from '@/composables/useColumns'
import { LOCALE_STORAGE_KEY } from '@/stores/locale'
import AuditView from '@/views/audit/AuditView.vue'
import ApprovalQueueView from '@/views/lookups/ApprovalQueueView.vue'
import MyLookupsView from '@/views/lookups/MyLookupsView.vue'
import OfficialsView from '@/views/officials/OfficialsView.vue'
import RecordsView from '@/views/records/RecordsView.vue'
import WarningsView from '@/views/warnings/WarningsView.vue'
import { catalogue, lookupPolicy, warningPolicy } from './fixtures'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'

const official = {
  id: 7, department_id: 20, department_name: '云州市住房和城乡建设局', name: '陈诚信', gender: 'M', birth_date: '1980-01-02',
  id_number_masked: '320102********1239', post: '科长', job_rank: '四级主任科员', category: 'civil_servant', party_member: true, status: 'active', version: 1,
}

const empty = () => jsonResponse(200, { items: [], total: 0 })

function serve() {
  const server = fakeServer({
    'GET /api/v1/officials': () => jsonResponse(200, { items: [official], total: 1 }),
    'GET /api/v1/departments': empty,
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'GET /api/v1/records': empty,
    'GET /api/v1/warnings': empty,
    'GET /api/v1/warnings/rules': () => jsonResponse(200, warningPolicy()),
    'GET /api/v1/audit': empty,
    'GET /api/v1/lookups': empty,
    'GET /api/v1/lookups/config': () => jsonResponse(200, lookupPolicy()),
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

const headers = (table: string) => [...document.querySelectorAll(`[data-testid="${table}"] thead th`)].map((th) => th.textContent?.trim() ?? '')
const checkbox = (testId: string) => document.querySelector<HTMLInputElement>(`[data-testid="${testId}"] input`)

async function mountOfficials(username = 'tester') {
  const mounted = await mountApp(OfficialsView, { path: '/officials', roles: ['admin'], me: { username } })
  await waitFor(() => expect(headers('officials-table')).toContain('姓名'))
  return mounted
}

/** Opens the list's column chooser and waits for its checkboxes. */
async function openChooser(list: string): Promise<void> {
  document.querySelector<HTMLElement>(`[data-testid="columns-${list}"]`)?.click()
  await waitFor(() => expect(checkbox(`columns-${list}-operations`)).not.toBeNull())
}

async function toggle(testId: string): Promise<void> {
  checkbox(testId)?.click()
  await flushPromises()
}

describe('choosing a list’s columns', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('hides a column from the table, keeps the others in their order, and shows it again in its place', async () => {
    serve()
    const { wrapper } = await mountOfficials()
    const all = headers('officials-table')
    expect(all).toContain('出生日期')
    const button = wrapper.get('[data-testid="columns-officials"]')
    expect(button.attributes('aria-label')).toBe('列设置')

    await openChooser('officials')
    expect(document.querySelector('[data-testid="columns-officials-birth_date"]')?.textContent).toContain('出生日期')
    expect(checkbox('columns-officials-birth_date')?.checked).toBe(true)
    await toggle('columns-officials-birth_date')
    await waitFor(() => expect(headers('officials-table')).toEqual(all.filter((name) => name !== '出生日期')))
    expect(wrapper.findAll('[data-testid="officials-table"] tbody td').map((td) => td.text())).not.toContain('1980-01-02')
    expect(checkbox('columns-officials-birth_date')?.checked).toBe(false)

    await toggle('columns-officials-birth_date')
    await waitFor(() => expect(headers('officials-table')).toEqual(all))
  })

  it('keeps the choice for the same user when the page opens again', async () => {
    serve()
    const first = await mountOfficials()
    await openChooser('officials')
    await toggle('columns-officials-post')
    await toggle('columns-officials-job_rank')
    await waitFor(() => expect(headers('officials-table')).not.toContain('职务'))
    expect(window.localStorage.getItem(columnsStorageKey('tester', 'officials'))).toContain('"job_rank"')
    first.wrapper.unmount()

    await mountOfficials()
    expect(headers('officials-table')).not.toContain('职务')
    expect(headers('officials-table')).not.toContain('职级')
    expect(headers('officials-table')).toContain('所在部门')
    await openChooser('officials')
    expect(checkbox('columns-officials-post')?.checked).toBe(false)
    expect(checkbox('columns-officials-department_name')?.checked).toBe(true)
  })

  it('shows another user on the same computer the default columns', async () => {
    serve()
    const first = await mountOfficials('alice')
    await openChooser('officials')
    await toggle('columns-officials-gender')
    await waitFor(() => expect(headers('officials-table')).not.toContain('性别'))
    first.wrapper.unmount()

    await mountOfficials('bob')
    expect(headers('officials-table')).toContain('性别')
    expect(window.localStorage.getItem(columnsStorageKey('bob', 'officials'))).toBeNull()
    expect(window.localStorage.getItem(columnsStorageKey('alice', 'officials'))).toContain('gender')
  })

  it.each([
    ['not JSON', '{"visible": ['],
    ['not a choice', '42'],
    ['a bare list', '["name"]'],
    ['lists of something else', '{"visible": [1, 2], "hidden": [null]}'],
  ])('gives the default when the stored value is %s', async (_what, stored) => {
    serve()
    window.localStorage.setItem(columnsStorageKey('tester', 'officials'), stored)
    await mountOfficials()
    for (const name of ['性别', '出生日期', '职务', '状态', '操作']) expect(headers('officials-table')).toContain(name)
  })

  it('ignores columns the list does not have, and names of columns it has still count', async () => {
    serve()
    window.localStorage.setItem(columnsStorageKey('tester', 'officials'), JSON.stringify({ visible: ['name', 'shoe_size'], hidden: ['status', 'shoe_size'] }))
    await mountOfficials()
    expect(headers('officials-table')).not.toContain('状态')
    expect(headers('officials-table')).toContain('性别')
  })

  it('never hides the column that identifies a row, nor the operations', async () => {
    serve()
    window.localStorage.setItem(columnsStorageKey('tester', 'officials'), JSON.stringify({ visible: [], hidden: ['name', 'operations', 'gender'] }))
    await mountOfficials()
    expect(headers('officials-table')).toContain('姓名')
    expect(headers('officials-table')).toContain('操作')
    expect(headers('officials-table')).not.toContain('性别')

    await openChooser('officials')
    for (const key of ['name', 'operations']) {
      expect(checkbox(`columns-officials-${key}`)?.checked).toBe(true)
      expect(checkbox(`columns-officials-${key}`)?.disabled).toBe(true)
    }
    await toggle('columns-officials-name')
    expect(checkbox('columns-officials-name')?.checked).toBe(true)
    expect(headers('officials-table')).toContain('姓名')
  })

  it('goes back to the default columns and forgets the choice', async () => {
    serve()
    await mountOfficials()
    await openChooser('officials')
    const reset = () => document.querySelector<HTMLButtonElement>('[data-testid="columns-officials-reset"]')!
    expect(reset().disabled).toBe(true)
    await toggle('columns-officials-status')
    await waitFor(() => expect(headers('officials-table')).not.toContain('状态'))
    expect(reset().disabled).toBe(false)
    reset().click()
    await waitFor(() => expect(headers('officials-table')).toContain('状态'))
    expect(window.localStorage.getItem(columnsStorageKey('tester', 'officials'))).toBeNull()
  })

  it('names the button and the columns in English', async () => {
    serve()
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'en')
    const { wrapper } = await mountApp(OfficialsView, { path: '/officials', roles: ['admin'] })
    await waitFor(() => expect(headers('officials-table')).toContain('Name'))
    expect(wrapper.get('[data-testid="columns-officials"]').attributes('aria-label')).toBe('Column settings')
    await openChooser('officials')
    expect(document.querySelector('[data-testid="columns-officials-panel"]')?.textContent).toContain('Reset to default')
    expect(document.querySelector('[data-testid="columns-officials-birth_date"]')?.textContent).toContain('Date of birth')
  })

  const pages: [string, Component, string, Role[], string, string, string][] = [
    ['records', RecordsView, '/records', ['data_clerk'], 'records-table', 'document_no', '文号'],
    ['warnings', WarningsView, '/warnings', ['discipline_approver'], 'warnings-table', 'records', '相关记录'],
    ['audit', AuditView, '/audit', ['auditor'], 'audit-table', 'ip', 'IP 地址'],
    ['lookups-mine', MyLookupsView, '/lookups/mine', ['discipline_staff'], 'my-lookups-table', 'granted', '授权模块'],
    ['lookups-queue', ApprovalQueueView, '/lookups/queue', ['discipline_approver'], 'queue-table', 'purpose', '查阅用途'],
  ]

  it.each(pages)('lets the %s list hide a column for its user', async (list, view, path, roles, table, key, heading) => {
    serve()
    await mountApp(view, { path, roles })
    await waitFor(() => expect(headers(table)).toContain(heading))
    expect(document.querySelector(`[data-testid="columns-${list}"]`)?.getAttribute('aria-label')).toBe('列设置')
    await openChooser(list)
    await toggle(`columns-${list}-${key}`)
    await waitFor(() => expect(headers(table)).not.toContain(heading))
    expect(headers(table)).toContain('操作')
    expect(window.localStorage.getItem(columnsStorageKey('tester', list))).toContain(`"${key}"`)
  })
})
