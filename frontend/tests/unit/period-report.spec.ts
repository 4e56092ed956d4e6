import { describe, expect, it, vi } from 'vitest'
import { addDays, isoDay } from '@/components/common/days'
import { usePeriodReport } from '@/composables/usePeriodReport'

describe('usePeriodReport', () => {
  it('starts with the last days up to today, asks the server up to the day after the last one, and shows the period answered', async () => {
    const fetch = vi.fn(async (range: { from: string; to: string }) => ({ total: range.from }))
    const report = usePeriodReport(90, fetch)
    const today = isoDay(new Date())
    expect(report.period.value).toEqual([addDays(today, -89), today])

    await report.load()
    expect(fetch).toHaveBeenLastCalledWith({ from: addDays(today, -89), to: addDays(today, 1) }, expect.any(AbortSignal))
    expect(report.report.value).toEqual({ total: addDays(today, -89) })

    report.period.value = ['2026-01-01', '2026-01-31']
    await report.load()
    expect(fetch).toHaveBeenLastCalledWith({ from: '2026-01-01', to: '2026-02-01' }, expect.any(AbortSignal))
    expect(report.shown.value).toEqual(['2026-01-01', '2026-01-31'])
  })

  it('keeps the figures and the period shown when a period fails', async () => {
    let fail = false
    const report = usePeriodReport(30, async () => {
      if (fail) throw new TypeError('Failed to fetch')
      return 'figures'
    })
    await report.load()
    const shown = report.shown.value
    fail = true
    report.period.value = ['2026-03-01', '2026-03-31']
    await report.load()
    expect(report.error.value?.isNetworkError).toBe(true)
    expect(report.report.value).toBe('figures')
    expect(report.shown.value).toEqual(shown)
  })
})
