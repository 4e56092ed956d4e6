import { afterEach, describe, expect, it, vi } from 'vitest'
import OfficialsView from '@/views/officials/OfficialsView.vue'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'

const official = {
  id: 7, department_id: 20, department_name: '云州市住房和城乡建设局', name: '陈诚信', gender: 'M', birth_date: '1980-01-02',
  id_number_masked: '320102********1239', post: '科长', job_rank: '四级主任科员', category: 'civil_servant', party_member: true, status: 'active', version: 1,
}

/** A deployment's scoring policy with a grade of its own, as the list sends it to those who may read scores. */
const grades = [
  { key: 'excellent', zh: '优秀', en: 'Excellent' },
  { key: 'good', zh: '良好', en: 'Good' },
  { key: 'watch', zh: '需关注', en: 'Watch' },
  { key: 'poor', zh: '较差', en: 'Poor' },
]

function serve(items: object[], withGrades = false) {
  const server = fakeServer({
    'GET /api/v1/officials': () => jsonResponse(200, { items, total: items.length, ...(withGrades ? { grades } : {}) }),
    'GET /api/v1/departments': () => jsonResponse(200, { items: [], total: 0 }),
  })
  vi.stubGlobal('fetch', server.fetch)
  return server
}

const headers = () => [...document.querySelectorAll('[data-testid="officials-table"] thead th')].map((th) => th.textContent?.trim() ?? '')
const cells = (testId: string) => [...document.querySelectorAll(`[data-testid="officials-table"] [data-testid="${testId}"]`)].map((el) => el.textContent?.trim())

describe('the officials list’s scores and grades', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows the administrator each official’s score and grade, and filters by the policy’s grades', async () => {
    const server = serve([{ ...official, score: 95.5, grade: 'excellent' }, { ...official, id: 8, name: '未评分' }], true)
    await mountApp(OfficialsView, { path: '/officials', roles: ['admin'] })
    await waitFor(() => expect(headers()).toContain('分值'))
    expect(headers()).toContain('等级')
    await waitFor(() => expect(cells('official-score')).toEqual(['95.5', '—']))
    expect(cells('official-grade')).toEqual(['优秀'])

    document.querySelector<HTMLElement>('[data-testid="officials-grade"]')?.click()
    await waitFor(() => expect(document.querySelector('.el-select-dropdown__item')).not.toBeNull())
    const options = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')]
    // Beside the status filter's: the policy's grades in its order, and no shipped grade it lacks (一般, fair).
    const texts = options.map((item) => item.textContent?.trim())
    const first = texts.indexOf('优秀')
    expect(texts.slice(first, first + 4)).toEqual(['优秀', '良好', '需关注', '较差'])
    expect(texts).not.toContain('一般')
    options.find((item) => item.textContent?.trim() === '需关注')?.click()
    document.querySelector<HTMLElement>('[data-testid="officials-search"]')?.click()
    await waitFor(() => expect(server.calls.some((call) => call.url.includes('grade=watch'))).toBe(true))
  })

  it('shows personnel staff neither, and never sends a grade', async () => {
    const server = serve([official])
    await mountApp(OfficialsView, { path: '/officials', roles: ['personnel_staff'] })
    await waitFor(() => expect(headers()).toContain('姓名'))
    expect(headers()).not.toContain('分值')
    expect(headers()).not.toContain('等级')
    expect(document.querySelector('[data-testid="officials-grade"]')).toBeNull()
    expect(server.calls.every((call) => !call.url.includes('grade='))).toBe(true)
  })
})
