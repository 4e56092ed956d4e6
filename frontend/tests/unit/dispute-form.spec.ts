import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import type { IntegrityRecord } from '@/api/records'
import DisputeFormDialog from '@/views/me/DisputeFormDialog.vue'
import DisputeQueueView from '@/views/disputes/DisputeQueueView.vue'
import { sanctionCatalogue, sanctionRecord } from './appealFixtures'
import { catalogue, record } from './fixtures'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'
import { dispute, repair } from './meFixtures'

/** The official's dispute form, open on `target`. */
async function openForm(target: IntegrityRecord) {
  const server = fakeServer({ 'POST /api/v1/disputes': () => jsonResponse(201, dispute()) })
  vi.stubGlobal('fetch', server.fetch)
  const open = ref(false)
  const Host = defineComponent(() => {
    return () => h(DisputeFormDialog, { open: open.value, 'onUpdate:open': (value: boolean) => (open.value = value), record: target, codeLabel: (key: string) => key })
  })
  const { wrapper } = await mountApp(Host, { path: '/me', roles: ['official'], me: { username: 'official', official_id: 9 } })
  // Opened after mounting, as the home page does.
  open.value = true
  await flushPromises()
  return { wrapper, server }
}

const inDialog = (testId: string) => document.body.querySelector<HTMLElement>(`[data-testid="dispute-dialog"] [data-testid="${testId}"]`)

async function choose(ground: string): Promise<void> {
  inDialog(`dispute-ground-${ground}`)?.querySelector('input')?.click()
  await flushPromises()
}

async function typeReason(text: string): Promise<void> {
  const input = inDialog('dispute-reason') as HTMLTextAreaElement | null
  if (!input) throw new Error('no reason')
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

describe('the official’s dispute form', () => {
  it('requires a ground and sends it', async () => {
    const { server } = await openForm(record())
    expect(inDialog('dispute-ground')?.textContent).toMatch(/不是本人.*日期有误.*内容有误.*其他/)
    await typeReason('该判决已经再审改判，请核实。')
    inDialog('dispute-submit')?.click()
    await flushPromises()
    expect(server.count('POST /api/v1/disputes')).toBe(0)
    await waitFor(() => expect(inDialog('dispute-ground-item')?.querySelector('.el-form-item__error')?.textContent).toBe('请选择异议类型'))

    await choose('not_me')
    expect(inDialog('dispute-ground-hint')?.textContent).toContain('以该记录为依据的资格审查结论转为“需人工审核”')
    inDialog('dispute-submit')?.click()
    await flushPromises()
    const body = server.calls.find((call) => call.method === 'POST')?.body as FormData
    expect(body.get('ground')).toBe('not_me')
    expect(body.get('reason')).toBe('该判决已经再审改判，请核实。')
  })

  it('sends a sanction contested on other grounds to review and appeal, which do not suspend it', async () => {
    await openForm(sanctionRecord())
    await choose('wrong_date')
    expect(inDialog('dispute-appeal-hint')).toBeNull()

    await choose('other')
    expect(inDialog('dispute-ground-hint')?.textContent).toContain('该记录不标记为异议处理中，继续有效')
    const hint = inDialog('dispute-appeal-hint')?.textContent ?? ''
    expect(hint).toContain('申请复审、复核或提出申诉')
    expect(hint).toContain('复审、复核、申诉期间不停止处分的执行')
  })

  it('does not speak of appeals for a record that is no sanction', async () => {
    await openForm(record())
    await choose('other')
    expect(inDialog('dispute-ground-hint')).not.toBeNull()
    expect(inDialog('dispute-appeal-hint')).toBeNull()
  })
})

describe('the dispute’s ground for the clerk', () => {
  it('stands in the queue and in the detail drawer', async () => {
    const server = fakeServer({
      'GET /api/v1/catalogue': () => jsonResponse(200, { ...catalogue, categories: sanctionCatalogue.categories }),
      'GET /api/v1/disputes': () => jsonResponse(200, { items: [dispute({ id: 5, ground: 'wrong_date' }), dispute({ id: 6 })], total: 2 }),
      'GET /api/v1/repairs': () => jsonResponse(200, { items: [repair()], total: 1 }),
      'GET /api/v1/disputes/5': () => jsonResponse(200, dispute({ id: 5, ground: 'wrong_date' })),
    })
    vi.stubGlobal('fetch', server.fetch)
    const { wrapper } = await mountApp(DisputeQueueView, { path: '/disputes', roles: ['data_clerk'], me: { username: 'clerk' } })
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="dispute-queue"] .el-table__body tr')
    expect(rows[0]?.get('[data-testid="dispute-ground-tag"]').text()).toBe('日期有误')
    expect(rows[1]?.get('[data-testid="dispute-ground-tag"]').text()).toBe('其他') // filed before grounds existed

    await rows[0]?.get('[data-testid="dispute-queue-open"]').trigger('click')
    await flushPromises()
    const ground = document.body.querySelector<HTMLElement>('[data-testid="dispute-detail-ground"]')
    expect(ground?.textContent).toContain('日期有误')
    expect(ground?.textContent).toContain('需人工审核')
  })
})
