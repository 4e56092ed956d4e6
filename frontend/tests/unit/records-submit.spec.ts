import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import SubmitRecordView from '@/views/records/SubmitRecordView.vue'
import { catalogue } from './fixtures'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler } from './helpers'

const VALID_ID = '320102199003071239'

function serve(submit: FakeHandler = () => jsonResponse(201, { results: [] })) {
  const server = fakeServer({
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'POST /api/v1/records': submit,
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function mountForm() {
  const { wrapper } = await mountApp(SubmitRecordView, { path: '/records/submit', roles: ['data_clerk'] })
  await flushPromises()
  return wrapper
}

/** The labels of the options Element Plus rendered (teleported to the body). */
function optionLabels(): string[] {
  return [...document.body.querySelectorAll('.el-select-dropdown__item')].map((item) => item.textContent?.trim() ?? '')
}

/** Clicks the option labelled `label`, as a person picks it. */
async function pick(label: string): Promise<void> {
  const option = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find(
    (item) => item.textContent?.trim() === label,
  )
  if (!option) throw new Error(`no option ${label} in ${optionLabels().join(', ')}`)
  option.click()
  await flushPromises()
}

async function fill(wrapper: VueWrapper, testId: string, value: string): Promise<void> {
  const found = wrapper.get(`[data-testid="${testId}"]`)
  const input = found.element.tagName === 'INPUT' || found.element.tagName === 'TEXTAREA' ? found : found.get('input')
  await input.setValue(value)
  await input.trigger('change')
  await input.trigger('blur')
  await flushPromises()
}

function itemError(wrapper: VueWrapper, testId: string): string {
  return wrapper.get(`[data-testid="${testId}"]`).element.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''
}

async function fillValid(wrapper: VueWrapper): Promise<void> {
  await fill(wrapper, 'record-id-number', VALID_ID)
  await fill(wrapper, 'record-name', '陈诚信')
  await fill(wrapper, 'record-source-ref', 'ref-1')
  await pick('司法')
  await pick('刑事判决')
  await fill(wrapper, 'record-decision-date', '2024-03-05')
  await fill(wrapper, 'record-document-no', '（2024）云01刑初88号')
}

async function submit(wrapper: VueWrapper): Promise<void> {
  await wrapper.get('[data-testid="record-submit-page"] form').trigger('submit')
  await flushPromises()
  await flushPromises()
  // Element Plus shows a form item's error after a 100 ms debounce.
  await new Promise((resolve) => setTimeout(resolve, 150))
}

describe('submit record form', () => {
  it('offers the codes of the chosen category only, and clears a code of another category', async () => {
    serve()
    const wrapper = await mountForm()
    const codeSelect = () => wrapper.get('[data-testid="record-code"]')

    expect(codeSelect().classes().join(' ') + codeSelect().html()).toContain('is-disabled')
    expect(optionLabels()).not.toContain('刑事判决')

    await pick('司法')
    expect(optionLabels()).toEqual(expect.arrayContaining(['刑事判决', '失信被执行人']))
    expect(optionLabels()).not.toContain('嘉奖')
    await pick('刑事判决')
    expect(codeSelect().text()).toContain('刑事判决')

    await pick('表彰奖励')
    expect(optionLabels()).toContain('嘉奖')
    expect(optionLabels()).not.toContain('刑事判决')
    expect(codeSelect().text()).not.toContain('刑事判决')
  })

  it('marks the document number required where the category needs one', async () => {
    const server = serve()
    const wrapper = await mountForm()
    const documentItem = () => wrapper.get('[data-testid="record-document-no-item"]')

    expect(documentItem().classes()).not.toContain('is-required')
    await pick('司法')
    expect(documentItem().classes()).toContain('is-required')
    await submit(wrapper)
    expect(itemError(wrapper, 'record-document-no')).toBe('该类别须填写文号')
    expect(server.count('POST /api/v1/records')).toBe(0)

    await pick('交通违法')
    expect(documentItem().classes()).not.toContain('is-required')
  })

  it('shows the server’s field errors on their fields, with nothing submitted twice', async () => {
    const server = serve(() =>
      problemResponse(400, 'invalid', {
        detail: '1 problem(s) in the submission; nothing was written',
        errors: [{ field: 'name', message: 'does not match the name registered for this ID number' }],
      }),
    )
    const wrapper = await mountForm()
    await fillValid(wrapper)
    await submit(wrapper)

    expect(server.count('POST /api/v1/records')).toBe(1)
    const sent = server.calls.find((call) => call.method === 'POST')?.body as { records: Record<string, string>[] }
    expect(sent.records).toEqual([
      expect.objectContaining({ id_number: VALID_ID, name: '陈诚信', category: 'judicial', code: 'jud_criminal', decision_date: '2024-03-05' }),
    ])
    expect(itemError(wrapper, 'record-name')).toBe('does not match the name registered for this ID number')
    expect(wrapper.get('[data-testid="submit-error"]').text()).toContain('nothing was written')
    expect(wrapper.find('[data-testid="submit-outcome"]').exists()).toBe(false)
  })

  it('sends the record’s legal effect: effective date, stated period and act reference; an assessment year only for an assessment result', async () => {
    const server = serve(() => jsonResponse(201, { results: [{ source_ref: 'ref-1', id: 9, outcome: 'created', version: 1 }] }))
    const wrapper = await mountForm()
    await fillValid(wrapper)
    expect(wrapper.find('[data-testid="record-assessment-year"]').exists()).toBe(false)
    await fill(wrapper, 'record-effective-date', '2024-03-20')
    await fill(wrapper, 'record-period-months', '20')
    await fill(wrapper, 'record-act-ref', '云纪案〔2024〕3号')
    await submit(wrapper)

    const sent = server.calls.find((call) => call.method === 'POST')?.body as { records: Record<string, unknown>[] }
    expect(sent.records[0]).toEqual(expect.objectContaining({ effective_date: '2024-03-20', period_months: 20, act_ref: '云纪案〔2024〕3号' }))
    expect(sent.records[0]).not.toHaveProperty('assessment_year')
  })

  it('says a record met by a 503 was not submitted, and does not send it again', async () => {
    const server = serve(() =>
      problemResponse(503, 'unavailable', { detail: 'the database is unavailable', headers: { 'Retry-After': '1' } }),
    )
    const wrapper = await mountForm()
    await fillValid(wrapper)
    await submit(wrapper)
    await new Promise((resolve) => setTimeout(resolve, 1_100))

    expect(server.count('POST /api/v1/records')).toBe(1)
    expect(wrapper.get('[data-testid="submit-error"]').text()).toBe('服务暂时不可用，您的操作未提交，请稍后重试')
    expect(wrapper.find('[data-testid="submit-outcome"]').exists()).toBe(false)
  })

  it('says what the server did: created, corrected to version N, unchanged', async () => {
    const outcomes = [
      { source_ref: 'ref-1', id: 5, outcome: 'created', version: 1 },
      { source_ref: 'ref-1', id: 5, outcome: 'updated', version: 2 },
      { source_ref: 'ref-1', id: 5, outcome: 'unchanged', version: 2 },
    ]
    serve(() => {
      const next = outcomes.shift()
      return jsonResponse(next?.outcome === 'created' ? 201 : 200, { results: [next] })
    })
    const wrapper = await mountForm()
    await fillValid(wrapper)

    await submit(wrapper)
    expect(wrapper.get('[data-testid="submit-outcome"]').text()).toContain('新增成功')
    await submit(wrapper)
    expect(wrapper.get('[data-testid="submit-outcome"]').text()).toContain('更正为第 2 版')
    await submit(wrapper)
    expect(wrapper.get('[data-testid="submit-outcome"]').text()).toContain('内容相同，未变更')
  })
})
