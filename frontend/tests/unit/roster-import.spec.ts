import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Official } from '@/api/officials'
import type { Role } from '@/auth/roles'
import OfficialsView from '@/views/officials/OfficialsView.vue'
import { csvCell, rosterErrorsCsv } from '@/views/officials/rosterReport'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'

const official = (id: number, name: string): Official => ({
  id, department_id: 20, department_name: '云州市住房和城乡建设局', name, gender: 'M', birth_date: '1990-03-07', id_number_masked: '320102********1239',
  post: '科长', job_rank: '四级主任科员', category: 'civil_servant', party_member: true, status: 'active', version: 1,
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
})

/** The registry as the server holds it; a real run of the roster adds 王新. */
function serve(roster: FakeHandler, roles: Role[] = ['admin']) {
  const registry = [official(1, '陈诚信')]
  const server = fakeServer({
    'GET /api/v1/officials': () => jsonResponse(200, { items: registry, total: registry.length }),
    'GET /api/v1/departments': () => jsonResponse(200, { items: [], total: 0 }),
    'POST /api/v1/officials/import': async (request) => {
      const answer = await roster(request)
      const form = request.body as FormData
      if (answer.ok && form.get('dry_run') === 'false') registry.push(official(2, '王新'))
      return answer
    },
  })
  vi.stubGlobal('fetch', server.fetch)
  return { server, open: () => mountApp(OfficialsView, { path: roles.includes('admin') ? '/admin/officials' : '/officials', roles }) }
}

const counts = (dryRun: boolean) => jsonResponse(200, { dry_run: dryRun, rows: 3, created: 1, updated: 1, unchanged: 1 })

/** The dialog's element `testId` (the dialog may render outside the page's root). */
const inDialog = (testId: string) => document.body.querySelector<HTMLElement>(`[data-testid="roster-dialog"] [data-testid="${testId}"]`)
const text = (testId: string) => inDialog(testId)?.textContent?.replace(/\s+/g, ' ').trim() ?? ''

async function openDialog(wrapper: VueWrapper): Promise<void> {
  await wrapper.get('[data-testid="roster-import"]').trigger('click')
  await waitFor(() => expect(inDialog('roster-upload')).not.toBeNull())
}

/** Picks a roster in the dialog's upload, as a person drops or chooses it. */
async function choose(name = 'roster.csv'): Promise<void> {
  const input = inDialog('roster-upload')!.querySelector('input[type="file"]') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [new File(['身份证号码,姓名\n'], name, { type: 'text/csv' })], configurable: true })
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

async function click(testId: string): Promise<void> {
  inDialog(testId)!.click()
  await flushPromises()
}

/** What a multipart upload carried: its dry_run part and the file's name. */
const sent = (body: unknown) => {
  const form = body as FormData
  return { dryRun: form.get('dry_run'), file: (form.get('file') as File).name }
}

const tableRows = () => [...document.body.querySelectorAll('[data-testid="roster-problems-table"] .el-table__body tr')].map((row) =>
  [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? ''),
)

const problems = Array.from({ length: 12 }, (_, i) => ({
  row: i + 2,
  field: i % 2 ? 'department' : 'id_number',
  message: i % 2 ? '没有使用该编码的单位' : '校验码不正确',
}))

beforeEach(() => {
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
})

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

describe('importing a roster into the officials registry', () => {
  it('shows the administrator the button, and nobody without the permission', async () => {
    const admin = serve(() => counts(true))
    const { wrapper } = await admin.open()
    expect(wrapper.get('[data-testid="roster-import"]').text()).toBe('导入名册')
    wrapper.unmount()

    const staff = serve(() => counts(true), ['personnel_staff'])
    const { wrapper: other } = await staff.open()
    await waitFor(() => expect(other.find('[data-testid="officials-table"]').exists()).toBe(true))
    expect(other.find('[data-testid="roster-import"]').exists()).toBe(false)
  })

  it('runs a dry run first by default and shows what the roster would do, writing nothing and leaving the list', async () => {
    const { server, open } = serve(() => counts(true))
    const { wrapper } = await open()
    await openDialog(wrapper)
    const toggle = inDialog('roster-dry-run')!
    expect(toggle.textContent).toContain('先试运行')
    expect(toggle.querySelector('input')?.getAttribute('aria-label')).toBe('先试运行（只检查，不写入）')
    expect(toggle.querySelector('input')?.checked).toBe(true)
    expect(inDialog('roster-upload')!.querySelector('input[type="file"]')?.getAttribute('accept')).toBe('.csv,.xlsx')

    await choose()
    expect(text('roster-start')).toBe('开始试运行')
    await click('roster-start')
    await waitFor(() => expect(inDialog('roster-result')).not.toBeNull())
    expect(server.calls.filter((call) => call.path === '/api/v1/officials/import').map((call) => sent(call.body))).toEqual([{ dryRun: 'true', file: 'roster.csv' }])
    expect([text('roster-total-rows'), text('roster-total-created'), text('roster-total-updated'), text('roster-total-unchanged')]).toEqual(['3', '1', '1', '1'])
    expect(text('roster-result-note')).toContain('试运行通过')
    expect(server.count('GET /api/v1/officials')).toBe(1) // nothing written, nothing to reload
    expect(inDialog('roster-run-real')).not.toBeNull()
  })

  it('runs a dry run that passed for real with the same file, then shows the new official in the list', async () => {
    let answer: (response: Response) => void = () => undefined
    const { server, open } = serve(({ body }) => (sent(body).dryRun === 'true' ? counts(true) : new Promise<Response>((resolve) => (answer = resolve))))
    const { wrapper } = await open()
    await openDialog(wrapper)
    await choose('名册.csv')
    await click('roster-start')
    await waitFor(() => expect(inDialog('roster-run-real')).not.toBeNull())

    await click('roster-run-real')
    // Busy while the roster is on its way.
    await waitFor(() => expect(inDialog('roster-busy')).not.toBeNull())
    expect(inDialog('roster-start')!.classList).toContain('is-loading')
    answer(counts(false))
    await waitFor(() => expect(text('roster-result-note')).toBe('名册已导入。'))
    expect(inDialog('roster-busy')).toBeNull()
    expect(server.calls.filter((call) => call.path === '/api/v1/officials/import').map((call) => sent(call.body))).toEqual([
      { dryRun: 'true', file: '名册.csv' },
      { dryRun: 'false', file: '名册.csv' },
    ])
    expect(inDialog('roster-run-real')).toBeNull()
    await waitFor(() => expect(wrapper.get('[data-testid="officials-table"]').text()).toContain('王新'))
    expect(server.count('GET /api/v1/officials')).toBe(2)
  })

  it('imports for real at once with the switch off', async () => {
    const { server, open } = serve(() => counts(false))
    const { wrapper } = await open()
    await openDialog(wrapper)
    await choose()
    await click('roster-dry-run')
    expect(text('roster-start')).toBe('开始导入')
    await click('roster-start')
    await waitFor(() => expect(wrapper.get('[data-testid="officials-table"]').text()).toContain('王新'))
    expect(sent(server.calls.find((call) => call.path === '/api/v1/officials/import')?.body).dryRun).toBe('false')
  })

  it('asks for a file before sending anything', async () => {
    const { server, open } = serve(() => counts(true))
    const { wrapper } = await open()
    await openDialog(wrapper)
    await click('roster-start')
    expect(text('roster-failure')).toBe('请先选择名册文件')
    expect(server.count('POST /api/v1/officials/import')).toBe(0)
  })

  it('lists a refused roster’s problems in order, by row and column name, a page at a time', async () => {
    const { open } = serve(() => problemResponse(400, 'invalid', { detail: '人员名册有误，未写入任何数据', errors: problems }))
    const { wrapper } = await open()
    await openDialog(wrapper)
    await choose()
    await click('roster-start')
    await waitFor(() => expect(inDialog('roster-problems')).not.toBeNull())
    expect(inDialog('roster-result')).toBeNull()
    expect(text('roster-problems')).toContain('名册有 12 处问题，未写入任何数据')
    const headers = [...document.body.querySelectorAll('[data-testid="roster-problems-table"] th')].map((cell) => cell.textContent?.trim())
    expect(headers).toEqual(['行号', '列', '问题'])
    const first = tableRows()
    expect(first).toHaveLength(10)
    expect(first[0]).toEqual(['2', '身份证号码', '校验码不正确'])
    expect(first[1]).toEqual(['3', '单位编码', '没有使用该编码的单位'])
    expect(first.map((row) => row[0])).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10', '11'])

    inDialog('roster-problems-pager')!.querySelector<HTMLElement>('.btn-next')!.click()
    await waitFor(() => expect(tableRows().map((row) => row[0])).toEqual(['12', '13']))
  })

  it('names the columns in English for an English reader', async () => {
    window.localStorage.setItem('integrity.locale', 'en')
    const { open } = serve(() => problemResponse(400, 'invalid', { errors: [{ row: 4, field: 'category', message: 'must be civil_servant or public_institution' }] }))
    const { wrapper } = await open()
    expect(wrapper.get('[data-testid="roster-import"]').text()).toBe('Import roster')
    await openDialog(wrapper)
    await choose()
    await click('roster-start')
    await waitFor(() => expect(tableRows()).toEqual([['4', 'Category', 'must be civil_servant or public_institution']]))
  })

  it('says a keyed problem in the language on screen, whatever language the server wrote it in', async () => {
    window.localStorage.setItem('integrity.locale', 'en')
    const { open } = serve(() =>
      problemResponse(400, 'invalid', {
        errors: [{ row: 4, field: 'id_number', message: '在文件中重复出现：首次出现在第 2 行', key: 'appears_twice_in_the_file_first_on_row_n', params: ['2'] }],
      }),
    )
    const { wrapper } = await open()
    await openDialog(wrapper)
    await choose()
    await click('roster-start')
    await waitFor(() => expect(tableRows()).toEqual([['4', 'ID number', 'appears twice in the file: first on row 2']]))
  })

  it('saves the problems as a CSV report Excel opens: a BOM, the header, one line per problem', async () => {
    const saved: Blob[] = []
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn((blob: Blob) => (saved.push(blob), 'blob:report')), revokeObjectURL: vi.fn() }))
    const { open } = serve(() =>
      problemResponse(400, 'invalid', {
        errors: [
          { row: 2, field: 'id_number', message: '校验码不正确' },
          { row: 5, field: 'party_member', message: '须为“是”或“否”, 不能为 "可能"' },
        ],
      }),
    )
    const { wrapper } = await open()
    await openDialog(wrapper)
    await choose()
    await click('roster-start')
    await waitFor(() => expect(inDialog('roster-download-errors')).not.toBeNull())
    await click('roster-download-errors')

    expect(saved).toHaveLength(1)
    expect(saved[0]!.type).toBe('text/csv;charset=utf-8')
    const bytes = new Uint8Array(await saved[0]!.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const content = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(content).toBe('\uFEFF行号,列,问题\r\n2,身份证号码,校验码不正确\r\n5,中共党员,"须为“是”或“否”, 不能为 ""可能"""\r\n')
    const link = vi.mocked(HTMLAnchorElement.prototype.click).mock.contexts[0] as HTMLAnchorElement
    expect(link.download).toBe('名册错误报告.csv')
  })
})

describe('the roster’s error report', () => {
  it('quotes what needs quoting and keeps a formula as text', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell(12)).toBe('12')
  })

  it('writes a problem of the file as a whole without a row, in the reader’s words', () => {
    const csv = rosterErrorsCsv([{ field: 'file', message: 'no header row' }], { header: ['Row', 'Column', 'Problem'], column: (field) => (field === 'file' ? 'File' : field), message: (problem) => problem.message })
    expect(csv).toBe('\uFEFFRow,Column,Problem\r\n,File,no header row\r\n')
  })
})
