import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAppI18n } from '@/i18n'
import AuditDetailDrawer from '@/views/audit/AuditDetailDrawer.vue'
import AuditView from '@/views/audit/AuditView.vue'
import { detailLines } from '@/views/audit/auditDetail'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'

const entry = {
  id: 15, at: '2026-11-25T09:00:00Z', actor: 'hr1', actor_id: 6, actor_name: '王人事（hr1）', role: 'personnel_staff', ip: '127.0.0.1',
  action: 'official_list', target_type: 'official', target_id: '12', target_name: '张三', outcome: 'success' as const, request_id: 'r-1',
  detail: '{"name":"张","by_id_number":false,"total":3,"grants":["sanctions","property"],"custom_flag":true,"page":null}',
  prev_hash: 'aa'.repeat(32), hash: 'bb'.repeat(32),
}

describe('audit detail lines', () => {
  it('reads a JSON object as labelled lines, skipping empty values', () => {
    expect(detailLines(entry.detail, '是', '否')).toEqual([
      { key: 'name', value: '张' },
      { key: 'by_id_number', value: '否' },
      { key: 'total', value: '3' },
      { key: 'grants', value: 'sanctions、property' },
      { key: 'custom_flag', value: '是' },
    ])
  })

  it('keeps text that is not JSON as one line, and nothing for an empty detail', () => {
    expect(detailLines('history', 'yes', 'no')).toEqual([{ key: 'value', value: 'history' }])
    expect(detailLines('', 'yes', 'no')).toEqual([])
    expect(detailLines('{}', 'yes', 'no')).toEqual([])
    expect(detailLines('{"result":{"ok":true}}', 'yes', 'no')).toEqual([{ key: 'result', value: '{"ok":true}' }])
  })
})

async function open(locale: string) {
  const i18n = createAppI18n()
  i18n.global.locale.value = locale as never
  const wrapper = mount(AuditDetailDrawer, {
    props: { open: false, entry },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  await wrapper.setProps({ open: true })
  await flushPromises()
  return wrapper
}

/** The drawer's text by test id (it is teleported to the body). */
function text(id: string): string {
  return document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''
}

describe('AuditDetailDrawer', () => {
  it('names the actor and the target and renders the detail in Chinese', async () => {
    const wrapper = await open('zh-CN')
    expect(text('audit-detail-actor').trim()).toBe('王人事（hr1）')
    expect(text('audit-detail-target')).toMatch(/人员\s*#12\s*张三/)
    const lines = text('audit-detail-lines')
    expect(lines).toContain('按身份证号码查询否')
    expect(lines).toContain('授权sanctions、property')
    expect(lines).toContain('custom flag是')
    wrapper.unmount()
  })

  it('says the same in English', async () => {
    const wrapper = await open('en')
    expect(text('audit-detail-target')).toMatch(/Official\s*#12\s*张三/)
    const lines = text('audit-detail-lines')
    expect(lines).toContain('By ID numberNo')
    expect(lines).toContain('Total3')
    wrapper.unmount()
  })
})

describe('the audit list', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('names actors and targets in its rows, and filters by a target type in words', async () => {
    const server = fakeServer({ 'GET /api/v1/audit': () => jsonResponse(200, { items: [entry, { ...entry, id: 16, actor_name: undefined, target_name: undefined, target_type: 'lookup' }], total: 2 }) })
    vi.stubGlobal('fetch', server.fetch)
    await mountApp(AuditView, { path: '/audit', roles: ['auditor'] })
    const texts = (id: string) => [...document.querySelectorAll(`[data-testid="audit-table"] [data-testid="${id}"]`)].map((el) => el.textContent?.replace(/\s+/g, ' ').trim())
    await waitFor(() => expect(texts('audit-actor-name')).toEqual(['王人事（hr1）', 'hr1']))
    expect(texts('audit-target')).toEqual(['人员 #12 张三', '查询申请 #12'])
  })
})
