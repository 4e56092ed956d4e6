import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createAppI18n } from '@/i18n'
import { createAppRouter } from '@/router'
import MeHomeView from '@/views/me/MeHomeView.vue'
import { catalogue } from './fixtures'
import { fakeServer, jsonResponse, problemResponse, signIn, type FakeHandler, waitFor } from './helpers'
import { accessLog, dispute, myFile } from './meFixtures'

async function openHome(extra: Record<string, FakeHandler> = {}) {
  const server = fakeServer({
    'GET /api/v1/me/file': () => jsonResponse(200, myFile()),
    'GET /api/v1/me/access-log': () => jsonResponse(200, { items: accessLog(), total: 2 }),
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'GET /api/v1/disputes': () => jsonResponse(200, { items: [dispute()], total: 1 }),
    'GET /api/v1/repairs': () => jsonResponse(200, { items: [], total: 0 }),
    ...extra,
  })
  vi.stubGlobal('fetch', server.fetch)
  const pinia = createPinia()
  setActivePinia(pinia)
  signIn(['official'], { username: 'official', official_id: 9 })
  const router = createAppRouter(createMemoryHistory())
  await router.push('/me')
  const wrapper = mount(MeHomeView, {
    global: { plugins: [pinia, createAppI18n(), router], stubs: { ScoreHistoryChart: true, MeAccessChart: true } },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, server }
}

const rows = (wrapper: VueWrapper, testId: string) =>
  wrapper.findAll(`[data-testid="${testId}"] .el-table__body tr`).map((row) => row.findAll('td').map((cell) => cell.text().trim()).join(' | '))

/** The record card of the timeline that names `code`. */
const recordCard = (wrapper: VueWrapper, code: string) => {
  const card = wrapper.findAll('[data-testid="file-record"]').find((item) => item.get('[data-testid="file-record-code"]').text() === code)
  if (!card) throw new Error(`no record ${code}`)
  return card
}

const dialog = () => document.body.querySelector<HTMLElement>('[data-testid="dispute-dialog"]')
const inDialog = (testId: string) => dialog()?.querySelector<HTMLElement>(`[data-testid="${testId}"]`) ?? null

async function type(testId: string, value: string): Promise<void> {
  // Element Plus puts the test id on the textarea itself.
  const input = inDialog(testId) as HTMLTextAreaElement | null
  if (!input) throw new Error(`no textarea ${testId}`)
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function attach(testId: string, files: File[]): Promise<void> {
  const input = inDialog(testId)?.querySelector<HTMLInputElement>('input[type="file"]')
  if (!input) throw new Error(`no file input ${testId}`)
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

describe('the official’s home', () => {
  it('shows their score, their warnings, today’s eligibility and who looked at the file', async () => {
    const { wrapper, server } = await openHome()
    expect(wrapper.get('[data-testid="score-value"]').text()).toBe('87')
    expect(wrapper.get('[data-testid="score-grade"]').text()).toBe('较差')
    expect(wrapper.find('[data-testid="score-as-of"]').exists()).toBe(false) // no other day for the official
    expect(server.count('GET /api/v1/officials/9/score')).toBe(0) // the file brought it

    const warnings = wrapper.findAll('[data-testid="file-warning"]')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.text()).toContain('新增严重记录')
    expect(warnings[0]?.text()).toContain('刑事判决（2026-10-06）')

    const eligibility = rows(wrapper, 'me-eligibility-table')
    expect(eligibility).toEqual(['提拔任用 | 不符合 | 受过刑事处罚：刑事判决（2024-03-05），长期 | —', '晋升工资档次 | 符合 | — | —'])

    const log = rows(wrapper, 'me-access-table')
    expect(log).toHaveLength(2)
    // Discipline staff are named by their role only.
    expect(log[0]).toMatch(/ \| 查阅档案 \| 云州市纪委监委 \| 纪检监察工作人员 \| 纪检监察干部 \| 线索处置$/)
    expect(log[1]).toMatch(/ \| 查阅档案 \| 云州市 \| 系统管理员 \| admin \| —$/)
    expect(wrapper.get('[data-testid="me-access-log"]').text()).toContain('共 2 次')
  })

  it('offers a dispute on every record and a repair only on a repairable (credit-type) code', async () => {
    const { wrapper } = await openHome()
    const criminal = recordCard(wrapper, '刑事判决')
    const traffic = recordCard(wrapper, '记分违法')
    expect(criminal.find('[data-testid="me-dispute"]').exists()).toBe(true)
    expect(criminal.find('[data-testid="me-repair"]').exists()).toBe(false)
    expect(traffic.find('[data-testid="me-dispute"]').exists()).toBe(true)
    expect(traffic.get('[data-testid="me-repair"]').text()).toBe('申请信用修复')
  })

  it('files a dispute as multipart, record, ground and reason before the files, and shows the server’s error on the file it names', async () => {
    let answer: () => Response = () =>
      problemResponse(400, 'invalid', { detail: 'an attachment is not a PDF or an image', errors: [{ field: 'attachments[0]', message: 'only PDF, PNG or JPEG files, by their content' }] })
    const { wrapper, server } = await openHome({ 'POST /api/v1/disputes': () => answer() })
    await recordCard(wrapper, '刑事判决').get('[data-testid="me-dispute"]').trigger('click')
    await flushPromises()
    expect(inDialog('dispute-record')?.textContent).toContain('刑事判决 · 决定日期 2024-03-05 · 文号 （2024）云01刑初88号')

    inDialog('dispute-ground-wrong_content')?.querySelector('input')?.click()
    await flushPromises()
    await type('dispute-reason', '该判决已经再审改判，请核实。')
    await attach('dispute-attachments', [new File(['not a pdf'], 'judgment.pdf', { type: 'application/pdf' }), new File(['%PDF-1.4'], 'proof.pdf', { type: 'application/pdf' })])
    expect(dialog()?.querySelectorAll('[data-testid="dispute-attachments-file"]')).toHaveLength(2)
    inDialog('dispute-submit')?.click()
    await flushPromises()

    const call = server.calls.find((item) => item.method === 'POST' && item.path === '/api/v1/disputes')
    const body = call?.body as FormData
    expect(body).toBeInstanceOf(FormData)
    expect([...body.keys()]).toEqual(['record_id', 'ground', 'reason', 'attachments', 'attachments'])
    expect(body.get('record_id')).toBe('1')
    expect(body.get('ground')).toBe('wrong_content')
    expect(body.get('reason')).toBe('该判决已经再审改判，请核实。')
    expect((body.getAll('attachments') as File[]).map((file) => file.name)).toEqual(['judgment.pdf', 'proof.pdf'])

    // The error stands under the first file, not the second.
    const files = [...(dialog()?.querySelectorAll('[data-testid="dispute-attachments-file"]') ?? [])]
    expect(files[0]?.querySelector('[data-testid="dispute-attachments-error"]')?.textContent).toContain('only PDF, PNG or JPEG files')
    expect(files[1]?.querySelector('[data-testid="dispute-attachments-error"]')).toBeNull()
    expect(inDialog('dispute-error')?.textContent).toContain('an attachment is not a PDF or an image')

    answer = () => jsonResponse(201, dispute())
    inDialog('dispute-submit')?.click()
    await flushPromises()
    expect(wrapper.get('[data-testid="me-notice"]').text()).toContain('异议已提交，来源单位须于 2026-12-08 前作出决定。')
    expect(server.count('GET /api/v1/me/file')).toBe(2) // read again: the record is under dispute now
  })

  it('applies for repair with a statement, a commitment and proof, and says when it is too early', async () => {
    const { wrapper, server } = await openHome({
      'POST /api/v1/repairs': () =>
        problemResponse(400, 'invalid', { detail: 'too early for a repair', errors: [{ field: 'record_id', message: 'a repair of this record may be applied for from 2027-01-05' }] }),
    })
    await recordCard(wrapper, '记分违法').get('[data-testid="me-repair"]').trigger('click')
    await flushPromises()
    const repairDialog = () => document.body.querySelector<HTMLElement>('[data-testid="repair-dialog"]')
    const field = (testId: string) => repairDialog()?.querySelector<HTMLTextAreaElement>(`[data-testid="${testId}"]`)
    for (const [testId, value] of [['repair-statement', '罚款已于 2026-07-05 缴清'], ['repair-commitment', '本人承诺今后严格遵守交通法规']] as const) {
      const input = field(testId)
      if (!input) throw new Error(`no ${testId}`)
      input.value = value
      input.dispatchEvent(new Event('input'))
    }
    await flushPromises()
    field('repair-submit')?.click()
    await flushPromises()
    expect(server.count('POST /api/v1/repairs')).toBe(0) // proof is required
    await waitFor(() => expect(repairDialog()?.textContent).toContain('请至少上传一份证明材料'))

    const input = repairDialog()?.querySelector<HTMLInputElement>('[data-testid="repair-attachments"] input[type="file"]')
    if (!input) throw new Error('no file input')
    Object.defineProperty(input, 'files', { value: [new File(['%PDF-1.4'], '缴费凭证.pdf', { type: 'application/pdf' })], configurable: true })
    input.dispatchEvent(new Event('change'))
    await flushPromises()
    field('repair-submit')?.click()
    await flushPromises()
    const body = server.calls.find((item) => item.method === 'POST' && item.path === '/api/v1/repairs')?.body as FormData
    expect([...body.keys()]).toEqual(['record_id', 'statement', 'commitment', 'attachments'])
    expect(body.get('record_id')).toBe('3')
    expect(repairDialog()?.querySelector('[data-testid="repair-error"]')?.textContent).toContain('a repair of this record may be applied for from 2027-01-05')
  })

  it('puts what awaits a decision among their disputes and repairs next to the file, each the way to their cases', async () => {
    const { wrapper } = await openHome()
    const card = wrapper.get('[data-testid="todo-card"]')
    await waitFor(() => expect(card.get('[data-testid="todo-myDisputes-count"]').text()).toBe('1'))
    expect(card.get('[data-testid="todo-myDisputes"]').attributes('href')).toBe('/me/cases')
    expect(card.get('[data-testid="todo-myRepairs-count"]').text()).toBe('0')
    expect(card.get('[data-testid="todo-myRepairs"]').attributes('href')).toBe('/me/cases')
  })

  it('says so when the account is linked to no official', async () => {
    const { wrapper } = await openHome({ 'GET /api/v1/me/file': () => problemResponse(404, 'not_found') })
    expect(wrapper.get('[data-testid="me-not-linked"]').text()).toContain('未关联公职人员档案')
  })
})
