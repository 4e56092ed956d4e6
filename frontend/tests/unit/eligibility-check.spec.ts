import { config, flushPromises, type VueWrapper } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import EligibilityCheckView from '@/views/eligibility/EligibilityCheckView.vue'
import { lineOfError, parseCandidates } from '@/views/eligibility/candidates'
import { catalogue, eligibilityCheck, eligibilityPolicy, eligibilityResults } from './fixtures'
import { fakeServer, jsonResponse, mountApp, problemResponse, type FakeHandler, waitFor } from './helpers'

/** An 18-character ID number: the 17 digits and their check character. */
function idNumber(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.reduce((total, weight, i) => total + weight * Number(body[i]), 0)
  return body + '10X98765432'[sum % 11]
}
// ECharts needs a canvas and ResizeObserver, which jsdom lacks.
config.global.stubs = { DashboardChart: true }

const A = idNumber('32010219900307123')
const B = idNumber('32010219850412456')

function serve(create: FakeHandler = () => jsonResponse(201, { check: eligibilityCheck(), results: eligibilityResults() })) {
  const server = fakeServer({
    'GET /api/v1/eligibility/purposes': () => jsonResponse(200, eligibilityPolicy()),
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'POST /api/v1/eligibility/checks': create,
    'GET /api/v1/eligibility/checks/5': () => jsonResponse(200, { check: eligibilityCheck(), results: eligibilityResults(), total: 4 }),
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

async function mountPage() {
  const mounted = await mountApp(EligibilityCheckView, { path: '/eligibility', roles: ['personnel_staff'] })
  await flushPromises()
  return mounted
}

async function pick(label: string): Promise<void> {
  const option = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((item) => item.textContent?.trim() === label)
  if (!option) throw new Error(`no option ${label}`)
  option.click()
  await flushPromises()
}

async function paste(wrapper: VueWrapper, text: string): Promise<void> {
  await wrapper.get('textarea[data-testid="check-candidates"]').setValue(text)
  await flushPromises()
}

async function submit(wrapper: VueWrapper): Promise<void> {
  await wrapper.get('[data-testid="check-form"]').trigger('submit')
  await flushPromises()
  await flushPromises()
}

const posted = (server: ReturnType<typeof serve>) => server.calls.filter((call) => call.method === 'POST' && call.path === '/api/v1/eligibility/checks')

describe('parseCandidates', () => {
  it('reads one candidate a line: ID numbers, official numbers, a spreadsheet line; lists what it cannot read', () => {
    const parsed = parseCandidates(`${A}\n\n  12 \n陈诚信\t${B.toLowerCase()}\n${A}\n32010219900307123X\nabc`)
    expect(parsed.idNumbers).toEqual([A, B])
    expect(parsed.idLines).toEqual([1, 4])
    expect(parsed.officialIds).toEqual([12])
    expect(parsed.officialLines).toEqual([3])
    expect(parsed.count).toBe(3)
    expect(parsed.problems.map((problem) => [problem.line, problem.problem])).toEqual([
      [5, 'duplicate'],
      [6, A.endsWith('X') ? 'duplicate' : 'checksum'],
      [7, 'format'],
    ])
    // The server's rows of id_numbers, and of the candidates as sent (official ids first), point back at lines.
    expect(lineOfError(parsed, 'id_numbers', 2)).toBe(4)
    expect(lineOfError(parsed, 'official_ids', 1)).toBe(3)
    expect(lineOfError(parsed, 'official_ids', 3)).toBe(4)
  })
})

describe('the eligibility check page', () => {
  it('counts the pasted candidates, holds back a list with an unreadable line, and sends the right JSON', async () => {
    const server = serve()
    const { wrapper } = await mountPage()
    await pick('提拔任用')
    await paste(wrapper, `${A}\n12\nnot-a-number`)
    expect(wrapper.get('[data-testid="check-count"]').text()).toBe('已识别 2 名人选（身份证号码 1 个，人员编号 1 个）')
    expect(wrapper.get('[data-testid="check-problems"]').text()).toContain('第 3 行“not-a-number”不是身份证号码或人员编号')

    await submit(wrapper)
    expect(posted(server)).toHaveLength(0)
    expect(wrapper.get('[data-testid="check-local-error"]').text()).toContain('有 1 行无法识别')

    await paste(wrapper, `${A}\n12\n${B}`)
    await submit(wrapper)
    expect(posted(server)).toHaveLength(1)
    const today = new Date()
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`
    expect(posted(server)[0]!.body).toEqual({ purpose: 'promotion', as_of: day, official_ids: [12], id_numbers: [A, B] })

    // The stored check opens below, read back from the server.
    await waitFor(() => expect(wrapper.find('[data-testid="results-table"] .el-table__body tr').exists()).toBe(true))
    expect(server.count('GET /api/v1/eligibility/checks/5')).toBe(1)
    expect(wrapper.get('[data-testid="check-purpose"]').text()).toBe('提拔任用')
  })

  it('uploads a candidate list as multipart, the purpose and day before the file', async () => {
    const server = serve()
    const { wrapper } = await mountPage()
    await pick('晋升职级')
    await wrapper.get('#tab-file').trigger('click')
    await flushPromises()
    const input = wrapper.get('[data-testid="check-upload"] input[type="file"]')
    const file = new File([`姓名,身份证号码\n陈诚信,${A}\n`], '候选人.csv', { type: 'text/csv' })
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await flushPromises()
    await submit(wrapper)

    expect(posted(server)).toHaveLength(1)
    const body = posted(server)[0]!.body as FormData
    expect(body).toBeInstanceOf(FormData)
    expect([...body.keys()]).toEqual(['purpose', 'as_of', 'file'])
    expect(body.get('purpose')).toBe('rank_promotion')
    expect((body.get('file') as File).name).toBe('候选人.csv')
    expect(posted(server)[0]!.headers.get('Content-Type')).toBeNull() // the browser sets the multipart boundary
  })

  it('shows a refused ID number at the pasted line the server names', async () => {
    const server = serve(() =>
      problemResponse(400, 'invalid', {
        detail: 'an ID number is not valid',
        errors: [{ field: 'id_numbers', row: 2, message: 'the birth date is in the future' } as { field: string; message: string }],
      }),
    )
    const { wrapper } = await mountPage()
    await pick('提拔任用')
    await paste(wrapper, `12\n${A}\n${B}`)
    await submit(wrapper)
    expect(posted(server)).toHaveLength(1)
    const error = wrapper.get('[data-testid="check-error"]')
    expect(error.text()).toContain('an ID number is not valid')
    expect(wrapper.findAll('[data-testid="check-error-line"]').map((line) => line.text())).toEqual(['第 3 行：the birth date is in the future'])
    expect(wrapper.find('[data-testid="check-result-card"]').exists()).toBe(false)
  })

  it('names the file row of a refused candidate list', async () => {
    serve(() =>
      problemResponse(400, 'invalid', {
        detail: 'the candidate list has errors: fix them and upload it again',
        errors: [{ field: 'id_number', row: 4, message: 'wrong check character' } as { field: string; message: string }],
      }),
    )
    const { wrapper } = await mountPage()
    await pick('提拔任用')
    await wrapper.get('#tab-file').trigger('click')
    const input = wrapper.get('[data-testid="check-upload"] input[type="file"]')
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'list.xlsx')], configurable: true })
    await input.trigger('change')
    await submit(wrapper)
    expect(wrapper.findAll('[data-testid="check-error-line"]').map((line) => line.text())).toEqual(['文件第 4 行（身份证号码）：wrong check character'])
  })
})
