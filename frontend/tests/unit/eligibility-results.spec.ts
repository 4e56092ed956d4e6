import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import type { EligibilityResult } from '@/api/eligibility'
import CheckResults from '@/components/eligibility/CheckResults.vue'
import { createAppI18n } from '@/i18n'
import { eligibilityCheck, eligibilityPolicy, eligibilityResults } from './fixtures'
import { fakeServer, jsonResponse, signIn } from './helpers'

const labels: Record<string, string> = { judicial: '司法', traffic: '交通违法', jud_criminal: '刑事判决', tr_points: '记分违法' }
const reasons = new Map((eligibilityPolicy().reasons ?? []).map((reason) => [reason.key, reason.zh]))

function serve(routes: Parameters<typeof fakeServer>[0] = {}) {
  const server = fakeServer({
    'GET /api/v1/eligibility/checks/5': ({ url }) => {
      const verdict = new URL(url, 'http://x').searchParams.get('verdict')
      const results = eligibilityResults().filter((result) => !verdict || result.verdict === verdict)
      return jsonResponse(200, { check: eligibilityCheck(), results, total: results.length })
    },
    ...routes,
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function render() {
  setActivePinia(createPinia())
  signIn(['personnel_staff'])
  const wrapper = mount(CheckResults, {
    props: {
      checkId: 5,
      purposeLabel: (key: string) => (key === 'promotion' ? '提拔任用' : key),
      reasonLabel: (key: string) => reasons.get(key) ?? key,
      codeLabel: (key: string) => labels[key] ?? key,
      categoryLabel: (key: string) => labels[key] ?? key,
    },
    global: { plugins: [createAppI18n()], stubs: { DashboardChart: true } },
    attachTo: document.body,
  })
  await flushPromises()
  await flushPromises()
  return wrapper
}

const rows = (wrapper: VueWrapper) => wrapper.findAll('[data-testid="results-table"] .el-table__body tr.result-row')

async function expand(wrapper: VueWrapper, index: number) {
  await rows(wrapper)[index]!.get('.el-table__expand-icon').trigger('click')
  await flushPromises()
  return wrapper.findAll('[data-testid="result-reasons"]').at(-1)!
}

describe('the results of a check', () => {
  it('colours each row and tag by its verdict and counts them', async () => {
    serve()
    const wrapper = await render()
    const found = rows(wrapper)
    expect(found.map((row) => row.classes().find((name) => name.startsWith('verdict-')))).toEqual([
      'verdict-ineligible', 'verdict-eligible', 'verdict-needs_review', 'verdict-not_found',
    ])
    const tags = wrapper.findAll('[data-testid="result-verdict"]')
    expect(tags.map((tag) => tag.text())).toEqual(['不符合', '符合', '需人工复核', '未找到'])
    expect(tags.map((tag) => ['success', 'danger', 'warning', 'info'].find((type) => tag.classes().includes(`el-tag--${type}`)))).toEqual([
      'danger', 'success', 'warning', 'info',
    ])
    expect(wrapper.findAll('[data-testid="result-eligible-from"]').map((cell) => cell.text())).toEqual(['无法确定', '—', '2027-07-01', '—'])
    expect(wrapper.get('[data-testid="verdict-filter"]').text()).toContain('不符合 1')
    expect(wrapper.get('[data-testid="check-purpose"]').text()).toBe('提拔任用')
  })

  it('opens a row to every reason in words, with the record, the dates and the flags', async () => {
    serve()
    const wrapper = await render()
    const convicted = await expand(wrapper, 0)
    const cells = convicted.findAll('.el-table__body td').map((cell) => cell.text().trim())
    expect(cells).toEqual(['受过刑事处罚', '司法 · 刑事判决', '2026-10-06', '长期', ''])
    expect(convicted.get('[data-testid="result-eligible-from-words"]').text()).toBe('存在长期或尚未结束的限制，无法确定最早符合日期')

    const disputed = await expand(wrapper, 2)
    expect(disputed.get('[data-testid="reason-label"]').text()).toBe('处分影响期内')
    expect(disputed.get('[data-testid="reason-until"]').text()).toBe('至 2027-07-01（当日起解除）')
    expect(disputed.get('[data-testid="reason-disputed"]').text()).toBe('异议中')
    expect(disputed.get('[data-testid="reason-combined"]').text()).toBe('处分期间又受处分，期间相加')
    expect(disputed.get('[data-testid="reason-source"]').text()).toBe('依据：《行政机关公务员处分条例》第10条')
    expect(disputed.get('[data-testid="reason-linked"]').text()).toBe('与同一行为的记录 #4 并行，按影响期长的执行')
    expect(disputed.get('[data-testid="result-eligible-from-words"]').text()).toBe('最早可于 2027-07-01 起符合条件')

    const missing = await expand(wrapper, 3)
    expect(missing.text()).toContain('未找到此人')
  })

  it('narrows to one verdict through the server', async () => {
    const server = serve()
    const wrapper = await render()
    await wrapper.get('[data-testid="verdict-filter-ineligible"] input').setValue(true)
    await flushPromises()
    const last = server.calls.filter((call) => call.path === '/api/v1/eligibility/checks/5').at(-1)!
    expect(new URL(last.url, 'http://x').searchParams.get('verdict')).toBe('ineligible')
    expect(rows(wrapper)).toHaveLength(1)
  })

  it('records what was done with a verdict', async () => {
    let saved: EligibilityResult | undefined
    const server = serve({
      'POST /api/v1/eligibility/checks/5/results/1/outcome': ({ body }) => {
        const { outcome, note } = body as { outcome: EligibilityResult['outcome']; note: string }
        saved = { ...eligibilityResults()[0]!, outcome, outcome_note: note, outcome_by: 'hr_staff', outcome_at: '2026-12-01T09:00:00Z' }
        return jsonResponse(200, saved)
      },
    })
    const wrapper = await render()
    // Nothing was found of row 4: there is nothing to record.
    expect(rows(wrapper)[3]!.find('[data-testid="result-record-outcome"]').exists()).toBe(false)
    await rows(wrapper)[0]!.get('[data-testid="result-record-outcome"]').trigger('click')
    await flushPromises()
    const dialog = document.body.querySelector<HTMLElement>('[data-testid="outcome-dialog"]')!
    expect(dialog.textContent).toContain('第 1 行 · 陈诚信 · 不符合')
    const option = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((item) => item.textContent?.trim() === '暂缓提拔')!
    option.click()
    const note = dialog.querySelector<HTMLTextAreaElement>('textarea')!
    note.value = '经党委会研究，暂缓提拔'
    note.dispatchEvent(new Event('input'))
    await flushPromises()
    dialog.querySelector<HTMLButtonElement>('[data-testid="outcome-save"]')!.click()
    await flushPromises()

    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({ outcome: 'promotion_postponed', note: '经党委会研究，暂缓提拔' })
    expect(saved).toBeDefined()
    expect(rows(wrapper)[0]!.get('[data-testid="result-outcome"]').text()).toBe('暂缓提拔')
  })
})
