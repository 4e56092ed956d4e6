import type { BarSeriesOption } from 'echarts/charts'
import type { Outcome, OutcomeCount, Verdict } from '@/api/eligibility'
import type { DashboardOption } from '@/views/discipline/dashboardOptions'

/** One line of the outcomes table: a purpose and verdict, the count of each outcome and their sum. */
export interface OutcomeRow {
  purpose: string
  verdict: Verdict
  counts: Partial<Record<Outcome, number>>
  total: number
  /** How many lines the purpose's cell spans (0 on the lines after its first). */
  span: number
}

/** The server's counts as lines by purpose (in the policy's order, unknown ones after) and verdict. */
export function outcomeRows(counts: readonly OutcomeCount[], purposeOrder: readonly string[], verdictOrder: readonly Verdict[]): OutcomeRow[] {
  const rank = (key: string) => {
    const index = purposeOrder.indexOf(key)
    return index < 0 ? purposeOrder.length : index
  }
  const byKey = new Map<string, OutcomeRow>()
  for (const count of counts) {
    const key = `${count.purpose}|${count.verdict}`
    const row = byKey.get(key) ?? { purpose: count.purpose, verdict: count.verdict, counts: {}, total: 0, span: 0 }
    row.counts[count.outcome] = (row.counts[count.outcome] ?? 0) + count.count
    row.total += count.count
    byKey.set(key, row)
  }
  const rows = [...byKey.values()].sort(
    (a, b) => rank(a.purpose) - rank(b.purpose) || a.purpose.localeCompare(b.purpose) || verdictOrder.indexOf(a.verdict) - verdictOrder.indexOf(b.verdict),
  )
  rows.forEach((row, index) => {
    if (index > 0 && rows[index - 1]!.purpose === row.purpose) return
    row.span = rows.filter((other) => other.purpose === row.purpose).length
  })
  return rows
}

/** Stacked bars: one bar per purpose, one stack part per outcome. */
export function outcomeChart(
  rows: readonly OutcomeRow[],
  outcomes: readonly Outcome[],
  purposeLabel: (key: string) => string,
  outcomeLabel: (key: Outcome) => string,
): DashboardOption {
  const purposes = [...new Set(rows.map((row) => row.purpose))]
  const series: BarSeriesOption[] = outcomes.map((outcome) => ({
    name: outcomeLabel(outcome),
    type: 'bar',
    stack: 'outcomes',
    barMaxWidth: 28,
    data: purposes.map((purpose) => rows.filter((row) => row.purpose === purpose).reduce((sum, row) => sum + (row.counts[outcome] ?? 0), 0)),
  }))
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, type: 'scroll' },
    xAxis: { type: 'category', data: purposes.map(purposeLabel), axisTick: { show: false } },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  }
}
