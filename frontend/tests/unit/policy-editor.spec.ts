import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import type { PolicyVersion, ScoringPolicy } from '@/api/policies'
import { createAppI18n } from '@/i18n'
import PolicyEditor from '@/views/admin/policies/PolicyEditor.vue'
import { parseField, parseReason, policyPayload } from '@/views/admin/policies/policyForm'
import { catalogue, policyVersion, scoringPolicy } from './fixtures'
import { fakeServer, jsonResponse, problemResponse, signIn, waitFor } from './helpers'

const labels: Record<string, string> = {
  judicial: '司法', traffic: '交通违法', commendation: '表彰奖励',
  jud_criminal: '刑事判决', jud_dishonest_debtor: '失信被执行人', tr_points: '记分违法', com_citation: '嘉奖',
}
const grades: Record<string, string> = { excellent: '优秀', good: '良好', fair: '一般', poor: '较差' }

function render(version: PolicyVersion, routes: Parameters<typeof fakeServer>[0] = {}) {
  const server = fakeServer(routes)
  vi.stubGlobal('fetch', server.fetch)
  setActivePinia(createPinia())
  signIn(['admin'])
  const wrapper = mount(PolicyEditor, {
    props: {
      version,
      categories: catalogue.categories,
      codeLabel: (key: string) => labels[key] ?? key,
      categoryLabel: (key: string) => labels[key] ?? key,
      gradeLabel: (key: string) => grades[key] ?? key,
    },
    global: { plugins: [createAppI18n()] },
    attachTo: document.body,
  })
  return { wrapper, server }
}

async function type(wrapper: ReturnType<typeof render>['wrapper'], testid: string, value: string) {
  const input = wrapper.get(`[data-testid="${testid}"] input`)
  await input.setValue(value)
  await input.trigger('change')
  await flushPromises()
}

const rowError = (wrapper: ReturnType<typeof render>['wrapper'], code: string) =>
  wrapper.findAll(`tr.rule-${code} .el-form-item__error`).map((error) => error.text())

describe('PolicyEditor', () => {
  it('saves the whole draft with PUT, the rules in the order shown', async () => {
    let sent: { policy: ScoringPolicy; note?: string } | undefined
    const { wrapper } = render(policyVersion(), {
      'PUT /api/v1/policies/scoring/2': ({ body }) => {
        sent = body as typeof sent
        return jsonResponse(200, policyVersion({ policy: sent!.policy }))
      },
    })
    await flushPromises()
    expect(wrapper.get('[data-testid="policy-save"]').attributes('disabled')).toBeDefined()
    await type(wrapper, 'rule-points-tr_points', '-5')
    expect(wrapper.get('[data-testid="policy-unsaved"]').text()).toBe('有未保存的修改')
    await wrapper.get('[data-testid="policy-save"]').trigger('click')
    await flushPromises()
    expect(sent?.policy.rules.map((rule) => [rule.code, rule.points])).toEqual([
      ['jud_criminal', -50], ['tr_points', -5], ['jud_dishonest_debtor', -20], ['com_citation', 2],
    ])
    expect(sent?.policy.rules[2]).toEqual({ code: 'jud_dishonest_debtor', points: -20, months: 0, until_removed: true })
    expect(sent?.policy.grades[3]?.min).toBeNull()
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('shows each server field error against the row and field it names', async () => {
    const { wrapper } = render(policyVersion(), {
      'PUT /api/v1/policies/scoring/2': () =>
        problemResponse(400, 'invalid', {
          detail: 'the scoring policy is invalid',
          errors: [
            { field: 'rules[1].months', message: 'must not be negative' },
            { field: 'grades[1].min', message: 'thresholds must fall from the best grade down' },
          ],
        }),
    })
    await flushPromises()
    await type(wrapper, 'rule-months-tr_points', '-3')
    await wrapper.get('[data-testid="policy-save"]').trigger('click')
    await flushPromises()

    // rules[1] is the second row, 记分违法: the message sits under its validity (Element Plus
    // shows it after a short debounce), the row is tinted.
    await waitFor(() => expect(rowError(wrapper, 'tr_points')).toEqual(['must not be negative']))
    expect(wrapper.get('tr.rule-tr_points').classes()).toContain('has-error')
    for (const code of ['jud_criminal', 'jud_dishonest_debtor', 'com_citation']) expect(rowError(wrapper, code)).toEqual([])
    const monthsCell = wrapper.get('[data-testid="rule-months-tr_points"]').element.closest('.el-form-item')!
    expect(monthsCell.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('must not be negative')

    // grades[1] is 良好: under its minimum.
    const gradeRows = wrapper.findAll('[data-testid="grades-table"] .el-table__body tr')
    await waitFor(() => expect(gradeRows[1]?.get('.el-form-item__error').text()).toBe('thresholds must fall from the best grade down'))
    expect(gradeRows[0]?.find('.el-form-item__error').exists()).toBe(false)

    // And listed in words above the form.
    expect(wrapper.get('[data-testid="policy-errors"]').text()).toContain('the scoring policy is invalid')
    expect(wrapper.findAll('[data-testid="policy-error"]').map((line) => line.text())).toEqual([
      '计分规则第 2 行（记分违法）· 有效期（月）：must not be negative',
      '等级“良好” · 最低分数：thresholds must fall from the best grade down',
    ])
  })

  it('sends the revision it was opened at; when someone saved since, keeps the edit and offers the latest', async () => {
    let sent: { revision?: string } | undefined
    const { wrapper } = render(policyVersion({ revision: 'r1' }), {
      'PUT /api/v1/policies/scoring/2': ({ body }) => {
        sent = body as typeof sent
        return problemResponse(409, 'conflict', {
          detail: 'the draft changed since you read it',
          errors: [{ field: 'revision', message: 'is not the draft\'s current revision r2' }],
        })
      },
    })
    await flushPromises()
    await type(wrapper, 'rule-points-tr_points', '-5')
    await wrapper.get('[data-testid="policy-save"]').trigger('click')
    await flushPromises()
    expect(sent?.revision).toBe('r1')
    expect(wrapper.emitted('saved')).toBeUndefined()
    expect(wrapper.get('[data-testid="policy-stale"]').text()).toContain('此草稿在您打开后已被他人保存')
    expect(wrapper.find('[data-testid="policy-errors"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="policy-unsaved"]').text()).toBe('有未保存的修改')

    await wrapper.get('[data-testid="policy-load-latest"]').trigger('click')
    expect(wrapper.emitted('reload')).toHaveLength(1)
    const latest = scoringPolicy()
    latest.rules[1]!.points = -3
    await wrapper.setProps({ version: policyVersion({ revision: 'r2', policy: latest }) })
    await flushPromises()
    expect(wrapper.find('[data-testid="policy-stale"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="policy-unsaved"]').exists()).toBe(false)
    expect((wrapper.get('[data-testid="rule-points-tr_points"] input').element as HTMLInputElement).value).toBe('-3.00')
  })

  it('shows a published version read-only, without a save button', async () => {
    const { wrapper } = render(policyVersion({ version: 1, status: 'published', published_by: 'system', published_at: '2026-12-01T07:00:00Z' }))
    await flushPromises()
    expect(wrapper.find('[data-testid="policy-save"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="policy-name"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid="rule-points-tr_points"]').classes()).toContain('is-disabled')
    expect(wrapper.get('[data-testid="grade-min-good"]').classes()).toContain('is-disabled')
    expect(wrapper.find('[data-testid="rules-add"]').exists()).toBe(false)
  })

  it('switches a rule to "until removed", which drops its months', async () => {
    const { wrapper } = render(policyVersion())
    await flushPromises()
    await wrapper.get('[data-testid="rule-until-removed-tr_points"] input').setValue(true)
    await flushPromises()
    expect(wrapper.find('[data-testid="rule-months-tr_points"]').exists()).toBe(false)
    expect(wrapper.get('tr.rule-tr_points').text()).toContain('直至移除')
  })
})

describe('policyForm', () => {
  it('splits server field names into list, row and field', () => {
    expect(parseField('rules[3].months')).toEqual({ list: 'rules', index: 3, field: 'months' })
    expect(parseField('caps[0]')).toEqual({ list: 'caps', index: 0, field: '' })
    expect(parseField('floor')).toEqual({ list: null, index: null, field: 'floor' })
  })

  it('sends no months for an until-removed rule and no minimum for the lowest grade', () => {
    const policy = scoringPolicy()
    policy.rules[2]!.months = 7
    policy.grades[3]!.min = 10
    const payload = policyPayload(policy)
    expect(payload.rules[2]?.months).toBe(0)
    expect(payload.grades[3]?.min).toBeNull()
  })

  it('reads back the server’s reasons', () => {
    expect(parseReason('party_warning -10.00 → -5.00')).toEqual({ kind: 'changed', code: 'party_warning', from: -10, to: -5 })
    expect(parseReason('ap_minor now counts -1.00')).toEqual({ kind: 'nowCounts', code: 'ap_minor', points: -1 })
    expect(parseReason('acc_other no longer counts (was -3.00)')).toEqual({ kind: 'noLonger', code: 'acc_other', points: -3 })
    expect(parseReason('cap +2.00')).toEqual({ kind: 'adjustment', adjustment: 'cap', points: 2 })
    expect(parseReason('grade thresholds changed')).toEqual({ kind: 'thresholds' })
    expect(parseReason('something new')).toEqual({ kind: 'text', text: 'something new' })
  })
})
