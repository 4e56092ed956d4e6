import { afterEach, describe, expect, it, vi } from 'vitest'
import OfficialsView from '@/views/officials/OfficialsView.vue'
import { fakeServer, jsonResponse, mountApp, waitFor } from './helpers'

const official = {
  id: 7, department_id: 20, department_name: '云州市住房和城乡建设局', name: '陈诚信', gender: 'M', birth_date: '1980-01-02',
  id_number_masked: '320102********1239', post: '科长', job_rank: '四级主任科员', category: 'civil_servant', party_member: true, status: 'active', version: 1,
}

function serve(items: object[]) {
  const server = fakeServer({
    'GET /api/v1/officials': () => jsonResponse(200, { items, total: items.length }),
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

  it('shows the administrator each official’s score and grade, and filters by grade', async () => {
    const server = serve([{ ...official, score: 95.5, grade: 'excellent' }, { ...official, id: 8, name: '未评分' }])
    await mountApp(OfficialsView, { path: '/officials', roles: ['admin'] })
    await waitFor(() => expect(headers()).toContain('分值'))
    expect(headers()).toContain('等级')
    await waitFor(() => expect(cells('official-score')).toEqual(['95.5', '—']))
    expect(cells('official-grade')).toEqual(['优秀'])

    document.querySelector<HTMLElement>('[data-testid="officials-grade"]')?.click()
    await waitFor(() => expect(document.querySelector('.el-select-dropdown__item')).not.toBeNull())
    const poor = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((item) => item.textContent?.trim() === '较差')
    poor?.click()
    document.querySelector<HTMLElement>('[data-testid="officials-search"]')?.click()
    await waitFor(() => expect(server.calls.some((call) => call.url.includes('grade=poor'))).toBe(true))
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
