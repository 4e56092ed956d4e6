import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import LookupRequestView from '@/views/lookups/LookupRequestView.vue'
import { catalogue, lookup, lookupPolicy } from './fixtures'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'

const official = {
  id: 9, department_id: 20, department_name: '云州市住房和城乡建设局', name: '陈诚信', gender: 'M', birth_date: '1990-03-07',
  id_number_masked: '320102********1239', post: '科员', job_rank: '一级主任科员', category: 'civil_servant', party_member: true,
  status: 'active', version: 1, created_at: '2026-01-02T03:04:05Z', updated_at: '2026-01-02T03:04:05Z',
}

function serve(create: FakeHandler = () => jsonResponse(201, lookup())) {
  const server = fakeServer({
    'GET /api/v1/lookups/config': () => jsonResponse(200, lookupPolicy()),
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'GET /api/v1/officials/9': () => jsonResponse(200, official),
    'POST /api/v1/lookups': create,
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function mountForm() {
  const mounted = await mountApp(LookupRequestView, { path: '/lookups/new?official_id=9', roles: ['discipline_staff'] })
  await flushPromises()
  return mounted
}

async function pick(label: string): Promise<void> {
  const items = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')]
  const option = items.find((item) => item.textContent?.trim() === label)
  if (!option) throw new Error(`no option ${label} in ${items.map((item) => item.textContent?.trim()).join(', ')}`)
  option.click()
  await flushPromises()
}

async function fill(wrapper: VueWrapper, testId: string, value: string): Promise<void> {
  const found = wrapper.get(`[data-testid="${testId}"]`)
  const input = ['INPUT', 'TEXTAREA'].includes(found.element.tagName) ? found : found.get('input, textarea')
  await input.setValue(value)
  await input.trigger('change')
  await input.trigger('blur')
  await flushPromises()
}

async function check(wrapper: VueWrapper, module: string, checked = true): Promise<void> {
  await wrapper.get(`[data-testid="lookup-module-${module}"] input`).setValue(checked)
  await flushPromises()
}

async function submit(wrapper: VueWrapper): Promise<void> {
  await wrapper.get('[data-testid="lookup-request-page"] form').trigger('submit')
  await flushPromises()
  await flushPromises()
}

const itemError = (wrapper: VueWrapper, testId: string) =>
  wrapper.get(`[data-testid="${testId}"]`).element.querySelector('.el-form-item__error')?.textContent?.trim() ?? ''

async function fillValid(wrapper: VueWrapper): Promise<void> {
  await pick('线索处置')
  await fill(wrapper, 'lookup-reason', '核查群众举报线索')
  await fill(wrapper, 'lookup-legal-basis', '云纪线〔2026〕8号')
  await check(wrapper, 'basic')
  await check(wrapper, 'judicial')
  await fill(wrapper, 'lookup-days', '10')
}

describe('lookup request form', () => {
  it('names the official asked for, marks confidential purposes and the property module', async () => {
    serve()
    const { wrapper } = await mountForm()
    expect(wrapper.get('[data-testid="lookup-official"]').text()).toContain('陈诚信 · 云州市住房和城乡建设局 · 320102********1239')
    const options = [...document.body.querySelectorAll('.el-select-dropdown__item')].map((item) => item.textContent?.trim())
    expect(options).toEqual(expect.arrayContaining(['线索处置', '纪律审查保密']))
    const property = wrapper.get('[data-testid="lookup-module-property"]').text()
    expect(property).toContain('敏感')
    expect(property).toContain('需两名审批人批准')
    expect(wrapper.get('[data-testid="lookup-module-judicial"]').text()).toContain('司法') // the categories it opens
    expect(wrapper.text()).toContain('72 小时内未审批即过期')
  })

  it('checks the required fields before asking the server', async () => {
    const server = serve()
    const { wrapper } = await mountForm()
    await submit(wrapper)
    expect(server.count('POST /api/v1/lookups')).toBe(0)
    // Element Plus shows item errors after a debounce: wait for them, however long the machine takes.
    await waitFor(() => expect(itemError(wrapper, 'lookup-reason-item')).toBe('请填写查阅事由'))
    await waitFor(() => expect(itemError(wrapper, 'lookup-modules-item')).toBe('请至少选择一个模块'))
  })

  it('sends the request as the server names its fields, and shows a field error on its field', async () => {
    const server = serve(() =>
      problemResponse(400, 'invalid', {
        detail: 'an official was not found',
        errors: [{ field: 'official_ids', message: 'no official 9 in your scope' }],
      }),
    )
    const { wrapper, router } = await mountForm()
    await fillValid(wrapper)
    await check(wrapper, 'property')
    expect(wrapper.get('[data-testid="lookup-two-approvers-hint"]').text()).toContain('须经两名不同审批人批准')
    await check(wrapper, 'property', false)
    expect(wrapper.find('[data-testid="lookup-two-approvers-hint"]').exists()).toBe(false)
    // Problem leads: as sensitive as property, two approvers too, and no part of the score.
    const leads = wrapper.get('[data-testid="lookup-module-leads"]').text()
    expect(leads).toContain('问题线索')
    expect(leads).toContain('敏感')
    expect(leads).toContain('需两名审批人批准')
    expect(leads).toContain('不计入积分')
    expect(wrapper.find('[data-testid="lookup-module-property-not-scored"]').exists()).toBe(false)
    await check(wrapper, 'leads')
    expect(wrapper.get('[data-testid="lookup-two-approvers-hint"]').text()).toContain('须经两名不同审批人批准')
    await check(wrapper, 'leads', false)
    await submit(wrapper)

    expect(server.count('POST /api/v1/lookups')).toBe(1)
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({
      official_ids: [9],
      purpose: 'clue_disposal',
      reason: '核查群众举报线索',
      legal_basis: '云纪线〔2026〕8号',
      modules: ['basic', 'judicial'],
      days: 10,
    })
    await waitFor(() => expect(itemError(wrapper, 'lookup-officials-item')).toBe('no official 9 in your scope'))
    expect(wrapper.get('[data-testid="lookup-request-error"]').text()).toContain('an official was not found')
    expect(router.currentRoute.value.name).toBe('lookup-request')
  })

  it('leaves the days out for the default window, and goes to my lookups once sent', async () => {
    const server = serve()
    const { wrapper, router } = await mountForm()
    await fillValid(wrapper)
    await fill(wrapper, 'lookup-days', '')
    await submit(wrapper)
    const body = server.calls.find((call) => call.method === 'POST')?.body as Record<string, unknown>
    expect(body).not.toHaveProperty('days')
    await waitFor(() => expect(router.currentRoute.value.name).toBe('lookups-mine'))
  })
})
