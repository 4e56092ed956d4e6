import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import DisputeQueueView from '@/views/disputes/DisputeQueueView.vue'
import { catalogue, record } from './fixtures'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'
import { dispute, repair } from './meFixtures'

async function openQueue(resolve: FakeHandler, path = '/disputes') {
  const server = fakeServer({
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'GET /api/v1/disputes': () =>
      jsonResponse(200, { items: [dispute({ id: 4, due_on: '2026-11-20', overdue: true }), dispute()], total: 2 }),
    'GET /api/v1/repairs': () => jsonResponse(200, { items: [repair()], total: 1 }),
    'GET /api/v1/disputes/5': () => jsonResponse(200, dispute()),
    'GET /api/v1/records/1': () => jsonResponse(200, record({ id: 1, authority: '云州市中级人民法院', summary: '经依法审理，作出刑事判决。' })),
    'POST /api/v1/disputes/5/resolve': resolve,
  })
  vi.stubGlobal('fetch', server.fetch)
  const { wrapper } = await mountApp(DisputeQueueView, { path, roles: ['data_clerk'], me: { username: 'clerk' } })
  await flushPromises()
  return { wrapper, server }
}

const dialog = () => document.body.querySelector<HTMLElement>('[data-testid="dispute-resolve-dialog"]')
const inDialog = (testId: string) => dialog()?.querySelector<HTMLElement>(`[data-testid="${testId}"]`) ?? null

async function fill(element: HTMLElement | null, value: string): Promise<void> {
  const input = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element : element?.querySelector('input, textarea')
  if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) throw new Error('no input')
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function openResolve(wrapper: VueWrapper): Promise<void> {
  const rows = wrapper.findAll('[data-testid="dispute-queue"] .el-table__body tr')
  await rows[1]?.get('[data-testid="dispute-queue-open"]').trigger('click')
  await flushPromises()
  document.body.querySelector<HTMLElement>('[data-testid="dispute-resolve"]')?.click()
  await flushPromises()
}

async function chooseOutcome(label: string): Promise<void> {
  const button = [...(dialog()?.querySelectorAll<HTMLElement>('.el-radio-button') ?? [])].find((item) => item.textContent?.trim() === label)
  button?.querySelector('input')?.click()
  await flushPromises()
}

describe('the clerk’s dispute queue', () => {
  it('opens on the repair applications when the address asks for them (a home page’s to-do)', async () => {
    const { wrapper } = await openQueue(() => jsonResponse(200, dispute()), '/disputes?tab=repair')
    expect(wrapper.get('.el-tabs__item.is-active').text()).toBe('信用修复')
    expect(wrapper.findAll('[data-testid="repair-queue"] .el-table__body tr')).toHaveLength(1)
  })

  it('lists the source’s disputes with their due days, the overdue one highlighted', async () => {
    const { wrapper } = await openQueue(() => jsonResponse(200, dispute()))
    const rows = wrapper.findAll('[data-testid="dispute-queue"] .el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0]?.classes()).toContain('is-overdue')
    expect(rows[0]?.text()).toContain('已逾期')
    expect(rows[0]?.get('[data-testid="queue-due"]').classes()).toContain('late')
    expect(rows[1]?.classes()).not.toContain('is-overdue')
    expect(rows[1]?.text()).toContain('陈诚信')
    expect(rows[1]?.text()).toContain('320102********1239')
    expect(rows[1]?.text()).toContain('刑事判决')
    expect(rows[1]?.get('[data-testid="queue-due"]').text()).toBe('2026-12-08')
  })

  it('opens the official’s reason and files, and sends a correction prefilled from the record, with its errors on their fields', async () => {
    let answer: () => Response = () =>
      problemResponse(400, 'invalid', { detail: 'the correction has errors', errors: [{ field: 'correction.decision_date', message: 'is in the future' }] })
    const { wrapper, server } = await openQueue(() => answer())
    await openResolve(wrapper)
    const drawer = document.body.querySelector<HTMLElement>('[data-testid="dispute-detail"]')
    expect(drawer?.querySelector('[data-testid="dispute-detail-reason"]')?.textContent).toBe('该判决已经再审改判，请核实。')
    expect(drawer?.querySelector('[data-testid="case-attachment"]')?.textContent).toContain('再审判决书.pdf')

    await chooseOutcome('更正记录')
    expect(server.count('GET /api/v1/records/1')).toBe(1)
    expect((inDialog('correction-document-no') as HTMLInputElement | null)?.value).toBe('（2024）云01刑初88号')
    expect((inDialog('correction-authority') as HTMLInputElement | null)?.value).toBe('云州市中级人民法院')
    expect(inDialog('correction-decision-date')?.querySelector('input')?.value).toBe('2024-03-05')

    await fill(inDialog('correction-summary'), '经再审改判，更正判决内容。')
    await fill(inDialog('dispute-resolve-note'), '经核实再审判决，予以更正。')
    inDialog('dispute-resolve-confirm')?.click()
    await flushPromises()

    const call = server.calls.find((item) => item.method === 'POST' && item.path === '/api/v1/disputes/5/resolve')
    expect(call?.body).toEqual({
      outcome: 'corrected',
      note: '经核实再审判决，予以更正。',
      correction: {
        code: 'jud_criminal',
        decision_date: '2024-03-05',
        document_no: '（2024）云01刑初88号',
        authority: '云州市中级人民法院',
        summary: '经再审改判，更正判决内容。',
      },
    })
    // Element Plus shows a server error after a short debounce.
    await waitFor(() => expect(inDialog('correction-decision-date')?.querySelector('.el-form-item__error')?.textContent).toContain('is in the future'))
    expect(inDialog('correction-code-item')?.querySelector('.el-form-item__error')).toBeNull()
    expect(inDialog('dispute-resolve-error')?.textContent).toContain('the correction has errors')

    answer = () => jsonResponse(200, dispute({ state: 'corrected', new_version: 2, decision_note: '经核实再审判决，予以更正。', decided_by: 'clerk', decided_at: '2026-12-02T08:00:00Z' }))
    inDialog('dispute-resolve-confirm')?.click()
    await flushPromises()
    expect(server.count('POST /api/v1/disputes/5/resolve')).toBe(2)
    expect(server.count('GET /api/v1/disputes')).toBe(2) // the queue reloads
  })

  it('upholds with a note and no correction', async () => {
    const { wrapper, server } = await openQueue(() => jsonResponse(200, dispute({ state: 'upheld' })))
    await openResolve(wrapper)
    await fill(inDialog('dispute-resolve-note'), '经核实，原记录无误。')
    inDialog('dispute-resolve-confirm')?.click()
    await flushPromises()
    expect(server.calls.find((item) => item.path === '/api/v1/disputes/5/resolve')?.body).toEqual({ outcome: 'upheld', note: '经核实，原记录无误。' })
    expect(server.count('GET /api/v1/records/1')).toBe(0)
  })
})
