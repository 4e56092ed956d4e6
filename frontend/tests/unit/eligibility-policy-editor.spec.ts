import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import type { EligibilityPolicy } from '@/api/eligibility'
import type { PolicyVersion } from '@/api/policies'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import EligibilityPolicyView from '@/views/admin/EligibilityPolicyView.vue'
import EligibilityPolicyEditor from '@/views/admin/eligibility/EligibilityPolicyEditor.vue'
import { editableCopy, errorsAt, policyPayload } from '@/views/admin/eligibility/eligibilityForm'
import { catalogue, eligibilityPolicy, policyVersion } from './fixtures'
import { fakeServer, jsonResponse, problemResponse, signIn, waitFor } from './helpers'

const labels: Record<string, string> = { judicial: '司法', traffic: '交通违法', commendation: '表彰奖励', jud_criminal: '刑事判决', tr_points: '记分违法' }
const grades = [
  { key: 'excellent', zh: '优秀', en: 'Excellent' },
  { key: 'good', zh: '良好', en: 'Good' },
  { key: 'fair', zh: '一般', en: 'Fair' },
  { key: 'poor', zh: '较差', en: 'Poor' },
]

function eligibilityVersion(overrides: Partial<PolicyVersion<EligibilityPolicy>> = {}): PolicyVersion<EligibilityPolicy> {
  return { ...policyVersion(), kind: 'eligibility', version: 2, policy: eligibilityPolicy(), ...overrides }
}

function render(version: PolicyVersion<EligibilityPolicy>, routes: Parameters<typeof fakeServer>[0] = {}) {
  const server = fakeServer(routes)
  vi.stubGlobal('fetch', server.fetch)
  setActivePinia(createPinia())
  signIn(['admin'])
  const wrapper = mount(EligibilityPolicyEditor, {
    props: {
      version,
      categories: catalogue.categories,
      grades,
      codeLabel: (key: string) => labels[key] ?? key,
      categoryLabel: (key: string) => labels[key] ?? key,
      gradeLabel: (key: string) => grades.find((grade) => grade.key === key)?.zh ?? key,
    },
    global: { plugins: [createAppI18n()] },
    attachTo: document.body,
  })
  return { wrapper, server }
}

async function rename(wrapper: VueWrapper, name: string) {
  const input = wrapper.get('[data-testid="policy-name"]')
  await input.setValue(name)
  await flushPromises()
}

const errorsIn = (wrapper: VueWrapper, selector: string) => wrapper.findAll(`${selector} .el-form-item__error`).map((error) => error.text())

describe('EligibilityPolicyEditor', () => {
  it('saves the whole draft with PUT, every list in the order shown', async () => {
    let sent: { policy: EligibilityPolicy; note?: string } | undefined
    const { wrapper } = render(eligibilityVersion(), {
      'PUT /api/v1/policies/eligibility/2': ({ body }) => {
        sent = body as typeof sent
        return jsonResponse(200, eligibilityVersion({ policy: sent!.policy }))
      },
    })
    await flushPromises()
    expect(wrapper.get('[data-testid="policy-save"]').attributes('disabled')).toBeDefined()
    await rename(wrapper, '资格审查规则（2027）')
    await wrapper.get('[data-testid="policy-save"]').trigger('click')
    await flushPromises()
    expect(sent?.policy.name).toBe('资格审查规则（2027）')
    expect(sent?.policy.purposes?.map((purpose) => purpose.key)).toEqual(['promotion', 'rank_promotion', 'commendation'])
    // Every rule keeps its id and legal source, a purpose its assessment-year flag, the policy its combining rules.
    expect(sent?.policy.purposes?.[0]?.bars?.[0]).toEqual({ id: 'criminal_conviction', reason: 'criminal_conviction', codes: ['jud_criminal'], categories: [], period: 'permanent', source: '《公务员法》第26条' })
    expect(sent?.policy.purposes?.[2]?.assessment_year).toBe(true)
    expect(sent?.policy.purposes?.[0]).not.toHaveProperty('assessment_year')
    expect(sent?.policy.combining.during_period).toMatchObject({ categories: ['gov_sanction'], max_months: 48, source: '《行政机关公务员处分条例》第10条' })
    expect(sent?.policy.combining.one_act.source).toBe('《组织处理规定（试行）》')
    expect(sent?.policy.purposes?.[2]?.min_grade).toBe('good')
    expect(sent?.policy.purposes?.[0]).not.toHaveProperty('min_grade')
    expect(sent?.policy.periods).toEqual([{ code: 'tr_points', months: 12, permanent: false }])
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('shows a server field error on the bar row and the period row it names, and opens that purpose', async () => {
    const { wrapper } = render(eligibilityVersion(), {
      'PUT /api/v1/policies/eligibility/2': () =>
        problemResponse(400, 'invalid', {
          detail: 'the eligibility policy has errors',
          errors: [
            { field: 'purposes[1].bars[0].period', message: 'code tr_drunk has no influence period in periods' },
            { field: 'periods[0].months', message: 'from 1 to 240, or permanent' },
          ],
        }),
    })
    await flushPromises()
    await rename(wrapper, '改')
    expect(wrapper.get('[data-testid="purpose-1"]').classes()).not.toContain('is-active')
    await wrapper.get('[data-testid="policy-save"]').trigger('click')
    await flushPromises()

    // purposes[1] is 晋升职级: its first bar row carries the message under its period, tinted.
    await waitFor(() => expect(errorsIn(wrapper, 'tr.bar-1-0')).toEqual(['code tr_drunk has no influence period in periods']))
    expect(wrapper.get('tr.bar-1-0').classes()).toContain('has-error')
    const periodCell = wrapper.get('[data-testid="bar-period-1-0"]').element.closest('.el-form-item')!
    expect(periodCell.querySelector('.el-form-item__error')?.textContent?.trim()).toBe('code tr_drunk has no influence period in periods')
    expect(errorsIn(wrapper, 'tr.bar-0-0')).toEqual([])
    expect(wrapper.get('tr.bar-0-0').classes()).not.toContain('has-error')
    expect(wrapper.get('[data-testid="purpose-1"]').classes()).toContain('is-active')
    expect(wrapper.get('[data-testid="purpose-1"] [data-testid="purpose-has-error"]').text()).toBe('有错误')
    expect(wrapper.find('[data-testid="purpose-0"] [data-testid="purpose-has-error"]').exists()).toBe(false)

    // periods[0] is 记分违法: under its months.
    await waitFor(() => expect(errorsIn(wrapper, 'tr.period-0')).toEqual(['from 1 to 240, or permanent']))

    expect(wrapper.findAll('[data-testid="policy-error"]').map((line) => line.text())).toEqual([
      '用途“晋升职级”第 1 条限制 · 限制期限：code tr_drunk has no influence period in periods',
      '影响期第 1 行（记分违法）· 月数：from 1 to 240, or permanent',
    ])
  })

  it('shows a published version read-only', async () => {
    const { wrapper } = render(eligibilityVersion({ version: 1, status: 'published', published_by: 'system', published_at: '2026-12-01T07:00:00Z' }))
    await flushPromises()
    expect(wrapper.find('[data-testid="policy-save"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="purpose-add"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="policy-name"]').attributes('disabled')).toBeDefined()
  })
})

describe('eligibilityForm', () => {
  it('sends months only for a fixed period and years only for a calendar-year one', () => {
    const form = editableCopy(eligibilityPolicy())
    const bar = form.purposes[0]!.bars[0]!
    bar.months = 6
    bar.years = 2
    expect(policyPayload(form).purposes?.[0]?.bars?.[0]).not.toHaveProperty('months')
    bar.period = 'fixed'
    expect(policyPayload(form).purposes?.[0]?.bars?.[0]).toMatchObject({ period: 'fixed', months: 6 })
    expect(policyPayload(form).purposes?.[0]?.bars?.[0]).not.toHaveProperty('years')
    bar.period = 'calendar_year'
    expect(policyPayload(form).purposes?.[0]?.bars?.[0]).toMatchObject({ period: 'calendar_year', years: 2 })
  })

  it('finds the errors at one entry, with or without those below it', () => {
    const fields = { 'purposes[1].bars[0].period': 'a', 'purposes[1].key': 'b', 'purposes[1]': 'c', 'policy.purposes[12].key': 'd' }
    expect(errorsAt(fields, 'purposes[1]')).toEqual({ key: 'b', '': 'c' })
    expect(errorsAt(fields, 'purposes[1]', true)).toEqual({ 'bars[0].period': 'a', key: 'b', '': 'c' })
    expect(errorsAt(fields, 'purposes[1].bars[0]')).toEqual({ period: 'a' })
    expect(errorsAt(fields, 'purposes[12]')).toEqual({ key: 'd' })
  })
})

describe('EligibilityPolicyView', () => {
  it('publishes the draft after a confirmation; no recompute follows', async () => {
    const published = eligibilityVersion({ version: 1, status: 'published', published_by: 'system', published_at: '2026-12-01T06:00:00Z' })
    let publishedDraft = false
    const server = fakeServer({
      'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
      'GET /api/v1/policies/scoring': () => jsonResponse(200, { items: [policyVersion({ status: 'published' })], total: 1 }),
      'GET /api/v1/policies/eligibility': () =>
        jsonResponse(200, publishedDraft
          ? { items: [eligibilityVersion({ status: 'published' }), { ...published, status: 'archived' }], total: 2 }
          : { items: [eligibilityVersion(), published], total: 2 }),
      'POST /api/v1/policies/eligibility/2/publish': () => {
        publishedDraft = true
        return jsonResponse(200, { version: 2, recompute: null })
      },
    })
    vi.stubGlobal('fetch', server.fetch)
    const pinia = createPinia()
    setActivePinia(pinia)
    signIn(['admin'])
    const wrapper = mount(EligibilityPolicyView, {
      global: { plugins: [pinia, createAppI18n(), createAppRouter(createMemoryHistory())] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(wrapper.get('[data-testid="policy-status"]').text()).toBe('草稿')
    expect(wrapper.findAll('[data-testid="policy-versions"] .el-table__body tr')).toHaveLength(2)

    await wrapper.get('[data-testid="policy-publish"]').trigger('click')
    await flushPromises()
    const box = document.body.querySelector<HTMLElement>('.el-message-box')!
    expect(box.textContent).toContain('发布第 2 版后立即生效，替换现行第 1 版')
    box.querySelector<HTMLButtonElement>('.el-button--primary')!.click()
    await waitFor(() => expect(server.count('POST /api/v1/policies/eligibility/2/publish')).toBe(1))
    await waitFor(() => expect(wrapper.get('[data-testid="policy-status"]').text()).toBe('现行'))
    expect(wrapper.find('[data-testid="policy-save"]').exists()).toBe(false)
  })
})
