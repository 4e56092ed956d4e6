import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { Count } from '@/api/discipline'

export type DashboardOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>

/** One bar, slice or point: what it is called, how many, and optionally its colour. */
export interface Datum {
  label: string
  value: number
  color?: string
}

/** Horizontal bars, largest first as given: long Chinese names read in full. */
export function barOption(data: readonly Datum[], seriesName: string): DashboardOption {
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    // Every label shows (interval 0): the chart grows with its bars instead (barHeight).
    yAxis: { type: 'category', inverse: true, data: data.map((datum) => datum.label), axisTick: { show: false }, axisLabel: { interval: 0, width: 150, overflow: 'break' } },
    xAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: seriesName,
        type: 'bar',
        barMaxWidth: 18,
        label: { show: true, position: 'right' },
        data: data.map((datum) => ({ value: datum.value, itemStyle: datum.color ? { color: datum.color } : undefined })),
      },
    ],
  }
}

/** The height a bar chart needs to show every label: 26 px a bar, at least the default 260. */
export function barHeight(bars: number): number {
  return Math.max(260, bars * 26 + 40)
}

/** A line over months (YYYY-MM), every month of the period shown, zero where nothing happened. */
export function lineOption(data: readonly Datum[], seriesName: string): DashboardOption {
  return {
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', boundaryGap: false, data: data.map((datum) => datum.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: seriesName,
        type: 'line',
        smooth: false,
        symbolSize: 7,
        areaStyle: { opacity: 0.12 },
        label: { show: true, position: 'top' },
        data: data.map((datum) => datum.value),
      },
    ],
  }
}

/** A ring of shares, with a legend. */
export function pieOption(data: readonly Datum[], seriesName: string): DashboardOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        name: seriesName,
        type: 'pie',
        radius: ['38%', '64%'],
        center: ['50%', '44%'],
        label: { formatter: '{b}\n{c}' },
        data: data.map((datum) => ({ name: datum.label, value: datum.value, itemStyle: datum.color ? { color: datum.color } : undefined })),
      },
    ],
  }
}

/** The months from `from` to `to` (dates, `to` inclusive) as YYYY-MM, with the counts the server gave, zero elsewhere. */
export function fillMonths(from: string, to: string, counts: readonly Count[]): Datum[] {
  const byMonth = new Map(counts.map((count) => [count.key, count.count]))
  const out: Datum[] = []
  let [year, month] = from.slice(0, 7).split('-').map(Number) as [number, number]
  const [endYear, endMonth] = to.slice(0, 7).split('-').map(Number) as [number, number]
  if (!year || !month || !endYear || !endMonth) return counts.map((count) => ({ label: count.key, value: count.count }))
  for (let guard = 0; (year < endYear || (year === endYear && month <= endMonth)) && guard < 240; guard++) {
    const key = `${year}-${String(month).padStart(2, '0')}`
    out.push({ label: key, value: byMonth.get(key) ?? 0 })
    month += 1
    if (month > 12) {
      month = 1
      year += 1
    }
  }
  return out
}
