import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Official } from '@/api/officials'
import type { OpinionRequest } from '@/api/opinions'
import OpinionsView from '@/views/opinions/OpinionsView.vue'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'

const config = { purposes: [{ key: 'promotion', zh: '提拔任用', en: 'Promotion', confidential: true }], max_candidates: 3, due_working_days: 5, signatures: 2 }
const request: OpinionRequest = {
  id: 7, purpose: 'promotion', document_no: '清组函〔2026〕20号', recipient: '清江区委组织部', requester: 'hr_staff', due_on: '2026-12-10',
  overdue: false, state: 'sent', candidates: 2, as_of: null, drafted_by: '', signers: [], reply_no: '', replied_at: null, created_at: '2026-12-05T08:00:00Z',
}
const official = (id: number, name: string): Official => ({
  id, department_id: 20, department_name: '清江区教育局', name, gender: 'M', birth_date: '1990-03-07', id_number_masked: `320102********${id}39`,
  post: '科员', job_rank: '一级主任科员', category: 'civil_servant', party_member: true, status: 'active', version: 1,
  created_at: '2026-01-02T03:04:05Z', updated_at: '2026-01-02T03:04:05Z',
})
const registry = [official(11, '王刚志'), official(12, '王于俊'), official(13, '王海'), official(14, '王林')]

function serve(create: FakeHandler = () => jsonResponse(201, { request, candidates: [] })) {
  const server = fakeServer({
    'GET /api/v1/opinions/config': () => jsonResponse(200, config),
    'GET /api/v1/opinions': () => jsonResponse(200, { items: [], total: 0 }),
    'GET /api/v1/opinions/7': () => jsonResponse(200, { request, candidates: [] }),
    'GET /api/v1/officials': () => jsonResponse(200, { items: registry, total: registry.length }),
    'POST /api/v1/opinions': create,
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

const $ = <T extends Element = HTMLElement>(selector: string) => document.body.querySelector<T>(selector)
const sent = (server: ReturnType<typeof serve>) => server.calls.filter((call) => call.method === 'POST' && call.path === '/api/v1/opinions')
const sendButton = () => $<HTMLButtonElement>('[data-testid="opinion-send"]')!

/** Opens the dialog from the list as the organisation department's staff, with a document number typed in. */
async function openDialog() {
  const mounted = await mountApp(OpinionsView, { path: '/opinions', roles: ['personnel_staff'] })
  await mounted.wrapper.get('[data-testid="opinion-new"]').trigger('click')
  await waitFor(() => expect($('input[data-testid="opinion-document-no"]')).not.toBeNull())
  const doc = $<HTMLInputElement>('input[data-testid="opinion-document-no"]')!
  doc.value = '清组函〔2026〕20号'
  doc.dispatchEvent(new Event('input'))
  await flushPromises()
  return mounted
}

async function tab(name: 'paste' | 'file' | 'registry'): Promise<void> {
  $<HTMLElement>(`#tab-${name}`)!.click()
  await flushPromises()
}

async function chooseFile(file: File): Promise<void> {
  const input = $<HTMLInputElement>('[data-testid="opinion-upload"] input[type="file"]')!
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

/** Types a name into the registry picker and picks the option of `name`. */
async function pickOfficial(name: string): Promise<void> {
  const input = $<HTMLInputElement>('[data-testid="opinion-picker"] input')!
  input.value = name.slice(0, 1)
  input.dispatchEvent(new Event('input'))
  const option = await waitFor(() => {
    const found = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((item) => item.textContent?.startsWith(`${name} ·`))
    expect(found).toBeDefined()
    return found!
  })
  option.click()
  await flushPromises()
}

const tags = () => [...document.body.querySelectorAll('[data-testid="opinion-picked"]')].map((tag) => tag.textContent?.trim())

describe('the request for integrity opinions', () => {
  it('uploads a candidate list as multipart, the purpose and document number before the file', async () => {
    const server = serve()
    await openDialog()
    await tab('file')
    expect(sendButton().disabled).toBe(true) // no file yet
    expect($('[data-testid="opinion-count"]')?.textContent).toBe('尚未选择名单文件')
    await chooseFile(new File(['姓名,身份证号码\n王刚志,110101199003071233\n'], '人选名单.csv', { type: 'text/csv' }))
    expect($('[data-testid="opinion-count"]')?.textContent).toContain('已选择文件 人选名单.csv')
    expect(sendButton().disabled).toBe(false)
    sendButton().click()

    await waitFor(() => expect(sent(server)).toHaveLength(1))
    const body = sent(server)[0]!.body as FormData
    expect(body).toBeInstanceOf(FormData)
    expect([...body.keys()]).toEqual(['purpose', 'document_no', 'file'])
    expect(body.get('purpose')).toBe('promotion')
    expect(body.get('document_no')).toBe('清组函〔2026〕20号')
    expect((body.get('file') as File).name).toBe('人选名单.csv')
    expect(sent(server)[0]!.headers.get('Content-Type')).toBeNull() // the browser sets the multipart boundary
  })

  it('names each bad row of a refused list, and keeps the dialog open', async () => {
    const rows = [
      { field: 'id_number', row: 3, message: 'wrong check character' },
      { field: 'name', row: 5, message: 'at most 64 characters' },
    ]
    serve(() => problemResponse(400, 'invalid', { detail: 'the candidate list has errors: fix them and upload it again', errors: rows }))
    await openDialog()
    await tab('file')
    await chooseFile(new File(['x'], 'list.xlsx'))
    sendButton().click()

    await waitFor(() => expect(document.body.querySelectorAll('[data-testid="opinion-error-row"]')).toHaveLength(2))
    const lines = [...document.body.querySelectorAll('[data-testid="opinion-error-row"]')].map((line) => line.textContent?.trim())
    expect(lines).toEqual(['第 3 行：身份证号码，wrong check character', '第 5 行：姓名，at most 64 characters'])
    expect($('[data-testid="opinion-dialog"]')?.textContent).toContain('the candidate list has errors')
  })

  it('sends the officials picked from the registry as official_ids; a closed tag and a repeated pick count for nothing, and the limit stops the picker', async () => {
    const server = serve()
    await openDialog()
    await tab('registry')
    expect(sendButton().disabled).toBe(true)
    await pickOfficial('王刚志')
    await pickOfficial('王于俊')
    await pickOfficial('王刚志') // already there
    expect(tags()).toEqual(['王刚志 · 320102********1139', '王于俊 · 320102********1239'])
    expect($('[data-testid="opinion-count"]')?.textContent).toBe('已选择 2 人')

    // Closing a tag takes that official off the list.
    $<HTMLElement>('[data-testid="opinion-picked"] .el-tag__close')!.click()
    await flushPromises()
    expect(tags()).toEqual(['王于俊 · 320102********1239'])

    // The limit (3 here): the picker stops taking more, and says why.
    await pickOfficial('王海')
    expect($('[data-testid="opinion-too-many"]')).toBeNull()
    await pickOfficial('王林')
    expect(tags()).toHaveLength(3)
    await waitFor(() => expect($('[data-testid="opinion-too-many"]')?.textContent).toBe('一次至多征求 3 人的意见'))
    expect($<HTMLInputElement>('[data-testid="opinion-picker"] input')!.disabled).toBe(true)

    sendButton().click()
    await waitFor(() => expect(sent(server)).toHaveLength(1))
    expect(sent(server)[0]!.body).toEqual({ purpose: 'promotion', document_no: '清组函〔2026〕20号', official_ids: [12, 13, 14] })
  })

  it('holds back a pasted list longer than the limit', async () => {
    const server = serve()
    await openDialog()
    const textarea = $<HTMLTextAreaElement>('textarea[data-testid="opinion-candidates"]')!
    textarea.value = '11\n12\n13\n14\n'
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    expect($('[data-testid="opinion-count"]')?.textContent).toBe('已识别 4 人')
    expect($('[data-testid="opinion-too-many"]')?.textContent).toBe('一次至多征求 3 人的意见')
    expect(sendButton().disabled).toBe(true)
    // The other tabs name nobody yet: switching does not send the pasted lines.
    await tab('registry')
    expect(sendButton().disabled).toBe(true)
    expect(sent(server)).toHaveLength(0)
  })
})
