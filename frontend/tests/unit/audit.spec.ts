import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import App from '@/App.vue'
import { AUDIT_ACTIONS } from '@/api/audit'
import { createAppI18n } from '@/i18n'
import { SUPPORTED_LOCALES } from '@/i18n/locales'
import AuditVerifyResult from '@/views/audit/AuditVerifyResult.vue'
import { fakeServer, jsonResponse, mountApp } from './helpers'

function render(result: { ok: boolean; checked: number; broken_at?: number; reason?: string }) {
  return mount(AuditVerifyResult, {
    props: { result: { checkpoints: 3, anchored_to: 1200, ...result }, checkedAt: '2026-01-02 03:04:05' },
    global: { plugins: [createAppI18n()] },
  })
}

describe('AuditVerifyResult', () => {
  it('says the chain is intact and how many entries were checked', () => {
    const wrapper = render({ ok: true, checked: 1234 })

    const ok = wrapper.get('[data-testid="verify-ok"]')
    expect(ok.text()).toContain('审计链完整')
    expect(ok.text()).toContain('1234')
    // How far the checkpoints kept outside the database vouch for it.
    expect(ok.text()).toContain('与库外签名检查点 3 个相符，已锚定至第 1200 号记录')
    expect(wrapper.find('.el-alert--success').exists()).toBe(true)
    expect(wrapper.find('.el-alert--error').exists()).toBe(false)
    expect(wrapper.find('[data-testid="verify-broken"]').exists()).toBe(false)
  })

  it('names the first broken entry and the reason in red', () => {
    const wrapper = render({ ok: false, checked: 57, broken_at: 42, reason: 'hash mismatch' })

    const broken = wrapper.get('[data-testid="verify-broken"]')
    expect(wrapper.find('.el-alert--error').exists()).toBe(true)
    expect(broken.text()).toContain('审计链在第 42 号记录处断裂')
    expect(broken.text()).toContain('hash mismatch')
    expect(broken.text()).toContain('57')
    expect(wrapper.find('[data-testid="verify-ok"]').exists()).toBe(false)
  })

  it('still fails clearly when the server names no entry', () => {
    const wrapper = render({ ok: false, checked: 0 })
    expect(wrapper.get('[data-testid="verify-broken"]').text()).toContain('审计链校验失败')
  })
})

describe('audit page', () => {
  it('lists entries and shows the verify result after the button', async () => {
    const entry = {
      id: 9, at: '2026-01-02T03:04:05Z', actor: 'admin', actor_id: 1, role: 'admin', ip: '127.0.0.1',
      action: 'user_create', target_type: 'user', target_id: '8', outcome: 'success', request_id: 'req-1',
      detail: '{"username":"x"}', prev_hash: 'aa'.repeat(32), hash: 'bb'.repeat(32),
    }
    const entries = [entry, { ...entry, id: 10, action: 'opinion_sign' }, { ...entry, id: 11, action: 'made_up_action' }]
    const server = fakeServer({
      'GET /api/v1/audit': () => jsonResponse(200, { items: entries, total: 3 }),
      'GET /api/v1/audit/verify': () => jsonResponse(200, { ok: true, checked: 9, checkpoints: 1, anchored_to: 9 }),
      'GET /api/v1/meta': () => jsonResponse(200, { name: 'i', version: '1', environment: 'test', demo: false }),
      'GET /readyz': () => jsonResponse(200, { status: 'ok' }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountApp(App, { path: '/audit', roles: ['auditor'] })
    await flushPromises()

    const table = wrapper.get('[data-testid="audit-table"]').text()
    expect(table).toContain('新建用户')
    expect(table).toContain('签发廉政意见回复')
    expect(table).not.toContain('opinion_sign')
    expect(table).toContain('made_up_action') // unknown: as the server wrote it
    expect(table).toContain('bbbbbbbbbbbb')
    expect(server.calls.find((c) => c.path === '/api/v1/audit')?.url).toContain('page_size=50')

    await wrapper.get('[data-testid="audit-verify"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="verify-ok"]').text()).toContain('已校验 9 条记录')
  })
})

describe('audit actions', () => {
  it('labels every action in both locales, and no other', () => {
    const { global } = createAppI18n()
    for (const locale of SUPPORTED_LOCALES) {
      const labels = global.getLocaleMessage(locale).audit as { actions: Record<string, string> }
      expect(Object.keys(labels.actions).sort(), locale).toEqual([...AUDIT_ACTIONS].sort())
      for (const action of AUDIT_ACTIONS) {
        const label = global.t(`audit.actions.${action}`, {}, { locale })
        expect(label.trim(), `${locale} ${action}`).not.toBe('')
        expect(label, `${locale} ${action}`).not.toBe(action)
      }
    }
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length)
  })

  // The server's application layer writes the audit log: each action it
  // names as a literal (a.Entry("x", …), s.audited(ctx, cl, "x", …), an
  // action variable set to "x") is one the UI labels.
  const appDir = join(__dirname, '../../../internal/app')
  it.skipIf(!existsSync(appDir))('knows every action the server names in internal/app', () => {
    const written = new Set<string>()
    const calls = /(?:\.Entry\(|\.audited\(ctx, \w+, |changeUser\(ctx, \w+, \w+, |\baction :?= )"([a-z]+(?:_[a-z]+)*)"/g
    for (const file of readdirSync(appDir).filter((name) => name.endsWith('.go') && !name.endsWith('_test.go'))) {
      for (const match of readFileSync(join(appDir, file), 'utf8').matchAll(calls)) written.add(match[1]!)
    }
    expect(written.size).toBeGreaterThan(80)
    const known = new Set<string>(AUDIT_ACTIONS)
    expect([...written].filter((action) => !known.has(action)).sort()).toEqual([])
  })
})
