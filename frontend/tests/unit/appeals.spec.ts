import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { APPEAL_KINDS, APPEAL_OUTCOMES, APPEAL_STATES } from '@/api/appeals'
import { DISPUTE_GROUNDS } from '@/api/disputes'
import { createAppI18n } from '@/i18n'
import { SUPPORTED_LOCALES } from '@/i18n/locales'
import AppealsView from '@/views/appeals/AppealsView.vue'
import MeCasesView from '@/views/me/MeCasesView.vue'
import { createAppRouter } from '@/router'
import { appeal, sanctionCatalogue, sanctionRecord } from './appealFixtures'
import { fakeServer, jsonResponse, mountApp, signIn, type FakeHandler, waitFor } from './helpers'

async function openPage(routes: Record<string, FakeHandler> = {}, path = '/appeals') {
  const server = fakeServer({
    'GET /api/v1/catalogue': () => jsonResponse(200, sanctionCatalogue),
    'GET /api/v1/appeals': () =>
      jsonResponse(200, { items: [appeal({ id: 4, kind: 'review', due_on: '2026-06-01', overdue: true }), appeal()], total: 2 }),
    'GET /api/v1/records': () => jsonResponse(200, { items: [sanctionRecord()], total: 1 }),
    'GET /api/v1/records/7': () => jsonResponse(200, sanctionRecord()),
    ...routes,
  })
  vi.stubGlobal('fetch', server.fetch)
  const { wrapper, router } = await mountApp(AppealsView, { path, roles: ['data_clerk'], me: { username: 'clerk' } })
  await flushPromises()
  return { wrapper, server, router }
}

const rows = (wrapper: VueWrapper) => wrapper.findAll('[data-testid="appeals-table"] .el-table__body-wrapper tr')
const inBody = (selector: string) => document.body.querySelector<HTMLElement>(selector)
const decideDialog = (testId: string) => inBody(`[data-testid="appeal-decide-dialog"] [data-testid="${testId}"]`)
const fileDialog = (testId: string) => inBody(`[data-testid="appeal-file-dialog"] [data-testid="${testId}"]`)

async function fill(element: HTMLElement | null, value: string): Promise<void> {
  const input = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element : element?.querySelector('input, textarea')
  if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) throw new Error('no input')
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

async function click(element: HTMLElement | null): Promise<void> {
  if (!element) throw new Error('nothing to click')
  element.click()
  await flushPromises()
}

/** Opens the decide dialog of the second (not overdue) row. */
async function openDecide(wrapper: VueWrapper): Promise<void> {
  await rows(wrapper)[1]?.get('[data-testid="appeal-decide"]').trigger('click')
  await flushPromises()
}

const decideCall = (server: ReturnType<typeof fakeServer>) => server.calls.find((call) => call.method === 'POST' && call.path === '/api/v1/appeals/3/decide')

describe('the clerk’s reviews and appeals', () => {
  it('lists them with the in-force notice, the overdue row highlighted, and filters by state and kind', async () => {
    const { wrapper, server } = await openPage()
    expect(wrapper.get('[data-testid="appeal-in-force"]').text()).toContain('复审、复核、申诉期间，不停止原处分的执行')

    const [late, fine] = rows(wrapper)
    expect(late?.classes()).toContain('is-overdue')
    expect(late?.get('[data-testid="appeal-overdue"]').text()).toBe('已逾期')
    expect(late?.get('[data-testid="appeal-due"]').text()).toBe('2026-06-01')
    expect(late?.get('[data-testid="appeal-due"]').classes()).toContain('late')
    expect(late?.get('[data-testid="appeal-kind-cell"]').text()).toBe('复审')
    expect(fine?.classes()).not.toContain('is-overdue')
    expect(fine?.find('[data-testid="appeal-overdue"]').exists()).toBe(false)
    expect(fine?.get('[data-testid="appeal-due"]').text()).toBe('2026-09-01')
    expect(fine?.get('[data-testid="appeal-due"]').classes()).not.toContain('late')
    for (const text of ['陈诚信', '320102********1239', '政务处分 · 记大过', '复核', '云州市人民政府', '等待结果']) expect(fine?.text()).toContain(text)

    const pick = async (testId: string, label: string) => {
      await wrapper.get(`[data-testid="${testId}"]`).trigger('click')
      const option = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((item) => item.textContent?.trim() === label)
      await click(option ?? null)
    }
    await pick('appeals-state', '办理中')
    await pick('appeals-kind', '复核')
    const last = server.calls.filter((call) => call.path === '/api/v1/appeals').at(-1)
    expect(last?.url).toBe('/api/v1/appeals?page=1&page_size=20&state=open&kind=recheck')
  })

  it('requires a new code or period to change a sanction, and sends only what was given', async () => {
    const { wrapper, server } = await openPage({
      'POST /api/v1/appeals/3/decide': ({ body }) => jsonResponse(200, appeal({ state: 'decided', ...(body as object) })),
    })
    await openDecide(wrapper)
    expect(decideDialog('appeal-decide-record')?.textContent).toContain('复核 · 陈诚信 · 记大过（决定日期 2026-03-02）')

    await click(decideDialog('appeal-outcome-changed')?.querySelector('input') ?? null)
    expect(decideDialog('appeal-outcome-hint')?.textContent).toContain('变更处分')
    await fill(decideDialog('appeal-document-no'), '云政复〔2026〕3号')
    await click(decideDialog('appeal-decide-confirm'))
    expect(decideCall(server)).toBeUndefined()
    expect(decideDialog('appeal-change-missing')?.textContent).toBe('变更处分须选择新的事项或填写新的影响期（至少一项）')

    // The codes on offer are the category's, less the sanction's own.
    await click(decideDialog('appeal-new-code')?.querySelector<HTMLElement>('.el-select__wrapper') ?? null)
    const dropdown = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown')].at(-1)
    const options = [...(dropdown?.querySelectorAll<HTMLElement>('.el-select-dropdown__item') ?? [])].map((item) => item.textContent?.trim())
    expect(options).toEqual(['警告', '记过'])
    await fill(decideDialog('appeal-new-period'), '12')
    await fill(decideDialog('appeal-note'), '复核认定部分事实不清，改为影响期十二个月。')
    await click(decideDialog('appeal-decide-confirm'))

    const body = decideCall(server)?.body as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(['decided_on', 'document_no', 'new_period_months', 'note', 'outcome'])
    expect(body).toMatchObject({ outcome: 'changed', document_no: '云政复〔2026〕3号', note: '复核认定部分事实不清，改为影响期十二个月。', new_period_months: 12 })
    expect(body.decided_on).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(server.count('GET /api/v1/appeals')).toBe(2) // the list reloads
  })

  it('revokes without a new code or period, and needs the decision’s document number and a note', async () => {
    const { wrapper, server } = await openPage({
      'POST /api/v1/appeals/3/decide': () => jsonResponse(200, appeal({ state: 'decided', outcome: 'revoked' })),
    })
    await openDecide(wrapper)
    await click(decideDialog('appeal-outcome-revoked')?.querySelector('input') ?? null)
    expect(decideDialog('appeal-new-code')).toBeNull()
    await click(decideDialog('appeal-decide-confirm'))
    expect(decideCall(server)).toBeUndefined()
    const formErrors = () => [...document.body.querySelectorAll('[data-testid="appeal-decide-dialog"] .el-form-item__error')].map((item) => item.textContent)
    await waitFor(() => expect(formErrors()).toEqual(['请填写决定文号', '请填写说明']))

    await fill(decideDialog('appeal-document-no'), '云政复〔2026〕4号')
    await fill(decideDialog('appeal-note'), '经复核，撤销原处分。')
    await click(decideDialog('appeal-decide-confirm'))
    const body = decideCall(server)?.body as Record<string, unknown>
    expect(body).toEqual({ outcome: 'revoked', decided_on: body.decided_on, document_no: '云政复〔2026〕4号', note: '经复核，撤销原处分。' })
  })

  it('opens the filing prefilled from ?record_id= and sends the filing', async () => {
    const { server, router } = await openPage({
      'POST /api/v1/appeals': () => jsonResponse(201, appeal({ id: 9, state: 'open', due_on: '2026-10-01' })),
    }, '/appeals?record_id=7')
    expect(server.count('GET /api/v1/records/7')).toBe(1)
    expect(fileDialog('appeal-record-facts')?.textContent).toContain('政务处分 · 记大过')
    expect(fileDialog('appeal-record-facts')?.textContent).toContain('云监处〔2026〕12号')
    expect(fileDialog('appeal-in-force')).not.toBeNull()
    // A review goes to the body that decided: its name is offered.
    expect((fileDialog('appeal-authority') as HTMLInputElement | null)?.value).toBe('云州市监察委员会')

    await click(fileDialog('appeal-kind-recheck')?.querySelector('input') ?? null)
    expect(inBody('[data-testid="appeal-file-dialog"]')?.textContent).toContain('复核：对复审决定仍不服')
    await fill(fileDialog('appeal-authority'), '云州市人民政府')
    await fill(fileDialog('appeal-reason'), '认定事实不清，处分过重。')
    await click(fileDialog('appeal-file-submit'))

    const call = server.calls.find((item) => item.method === 'POST' && item.path === '/api/v1/appeals')
    const body = call?.body as Record<string, unknown>
    expect(body).toMatchObject({ record_id: 7, kind: 'recheck', authority: '云州市人民政府', reason: '认定事实不清，处分过重。' })
    expect(body.filed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await waitFor(() => expect(router.currentRoute.value.query.record_id).toBeUndefined())
  })

  it('refuses to file for a record that is not a sanction', async () => {
    const { server } = await openPage({
      'GET /api/v1/records/1': () => jsonResponse(200, sanctionRecord({ id: 1, category: 'judicial', code: 'jud_criminal' })),
    }, '/appeals?record_id=1')
    expect(fileDialog('appeal-not-sanction')?.textContent).toContain('不能登记复审、复核或申诉')
    expect((fileDialog('appeal-file-submit') as HTMLButtonElement | null)?.disabled).toBe(true)
    expect(server.count('POST /api/v1/appeals')).toBe(0)
  })
})

describe('the official’s cases', () => {
  it('follow the appeals of their sanctions with state, due day and outcome', async () => {
    const server = fakeServer({
      'GET /api/v1/catalogue': () => jsonResponse(200, sanctionCatalogue),
      'GET /api/v1/disputes': () => jsonResponse(200, { items: [], total: 0 }),
      'GET /api/v1/repairs': () => jsonResponse(200, { items: [], total: 0 }),
      'GET /api/v1/me/appeals': () =>
        jsonResponse(200, {
          items: [
            appeal(),
            appeal({ id: 2, kind: 'review', state: 'decided', outcome: 'changed', decided_on: '2026-05-20', document_no: '云监复〔2026〕2号', new_code: 'gov_demerit', record_version: 2, decision_note: '改为记过。' }),
          ],
          total: 2,
        }),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountApp(MeCasesView, { path: '/me/cases', roles: ['official'], me: { username: 'official', official_id: 9 } })
    await flushPromises()
    await wrapper.get('#tab-appeal').trigger('click')
    await flushPromises()
    expect(wrapper.get('#tab-appeal').text()).toBe('复审复核申诉（2）')
    const cards = wrapper.findAll('[data-testid="me-case-appeal"]')
    expect(cards).toHaveLength(2)
    expect(cards[0]?.get('[data-testid="appeal-state"]').text()).toBe('办理中')
    expect(cards[0]?.get('[data-testid="me-appeal-due"]').text()).toBe('须于 2026-09-01 前作出结果')
    expect(cards[0]?.get('[data-testid="me-appeal-filed"]').text()).toBe('2026-07-01 向云州市人民政府提出')
    expect(cards[1]?.get('[data-testid="appeal-state"]').text()).toBe('变更处分')
    expect(cards[1]?.get('[data-testid="me-appeal-outcome"]').text()).toBe('变更处分（2026-05-20） · 文号 云监复〔2026〕2号 · 改为记过 · 记录更新为第 2 版')
    expect(cards[1]?.get('[data-testid="me-appeal-note"]').text()).toBe('改为记过。')
    expect(wrapper.text()).toContain('不停止原处分的执行')
  })
})

describe('the appeals route', () => {
  it('opens for the data clerk and looks absent to anyone else', async () => {
    vi.stubGlobal('fetch', fakeServer({}).fetch)
    setActivePinia(createPinia())
    signIn(['data_clerk'])
    const router = createAppRouter(createMemoryHistory())
    await router.push('/appeals')
    expect(router.currentRoute.value.name).toBe('appeals')

    setActivePinia(createPinia())
    signIn(['official'])
    const other = createAppRouter(createMemoryHistory())
    await other.push('/appeals')
    expect(other.currentRoute.value.name).toBe('not-found')
  })
})

describe('the words for appeals and grounds', () => {
  it.each(SUPPORTED_LOCALES)('%s names every kind, state, outcome and ground', (locale) => {
    const { te } = createAppI18n(locale).global
    const keys = [
      ...APPEAL_KINDS.flatMap((kind) => [`appeals.kinds.${kind}`, `appeals.kindHints.${kind}`]),
      ...APPEAL_STATES.map((state) => `appeals.states.${state}`),
      ...APPEAL_OUTCOMES.flatMap((outcome) => [`appeals.outcomes.${outcome}`, `appeals.outcomeLong.${outcome}`, `appeals.decide.hints.${outcome}`]),
      ...DISPUTE_GROUNDS.map((ground) => `disputes.grounds.${ground}`),
    ]
    expect(keys.filter((key) => !te(key, locale))).toEqual([])
  })
})
