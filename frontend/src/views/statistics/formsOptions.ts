import type { DashboardOption } from '@/views/discipline/dashboardOptions'

/**
 * The charts of the four forms. Each form keeps one colour and one pattern
 * everywhere (the pattern tells the forms apart without colour), and bars
 * carry their numbers.
 */
export const FORM_COLORS = ['#2f7d32', '#1565c0', '#b26a00', '#b3261e'] as const

const decal = [
  { symbol: 'none' },
  { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: Math.PI / 4 },
  { symbol: 'circle', symbolSize: 0.8, dashArrayX: [[4, 4]], dashArrayY: [4, 4] },
  { symbol: 'rect', dashArrayX: [[6, 6], [0, 6, 6, 0]], dashArrayY: [6, 0] },
]

/** One stacked series a form: `rows` are the steps or units, each with the handlings of forms 1 to 4. */
function stacked(formNames: readonly string[], rows: readonly (readonly number[])[]) {
  return formNames.map((name, form) => ({
    name,
    type: 'bar' as const,
    stack: 'forms',
    barMaxWidth: 28,
    itemStyle: { color: FORM_COLORS[form], decal: decal[form] },
    label: { show: true, formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : '') },
    data: rows.map((row) => row[form] ?? 0),
  }))
}

/** Stacked bars over `categories`: columns (the trend's steps), or horizontal bars with names in full on the left (units). */
function stackedOption(categories: readonly string[], rows: readonly (readonly number[])[], formNames: readonly string[], horizontal: boolean): DashboardOption {
  const category = { type: 'category' as const, data: [...categories], ...(horizontal ? { inverse: true, axisTick: { show: false }, axisLabel: { interval: 0 } } : {}) }
  const value = { type: 'value' as const, minInterval: 1 }
  return {
    aria: { enabled: true, decal: { show: true } },
    grid: { left: 8, right: horizontal ? 24 : 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: stacked(formNames, rows),
  } as DashboardOption
}

/** The trend: a stacked column a step (quarter, month or year). */
export const trendOption = (steps: readonly string[], rows: readonly (readonly number[])[], formNames: readonly string[]) => stackedOption(steps, rows, formNames, false)

/** Units side by side: a stacked bar a unit. */
export const unitsOption = (units: readonly string[], rows: readonly (readonly number[])[], formNames: readonly string[]) => stackedOption(units, rows, formNames, true)

/** The mix of the forms: a ring of shares, each slice named with its count and percent. */
export function mixOption(handlings: readonly number[], formNames: readonly string[]): DashboardOption {
  return {
    aria: { enabled: true, decal: { show: true } },
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['38%', '64%'],
        center: ['50%', '44%'],
        label: { formatter: '{b}\n{c}' },
        data: formNames.map((name, form) => ({ name, value: handlings[form] ?? 0, itemStyle: { color: FORM_COLORS[form], decal: decal[form] } })),
      },
    ],
  } as DashboardOption
}

/** Two units' shares of each form side by side (a unit and the unit above), in percent. */
export function compareOption(names: readonly [string, string], shares: readonly [readonly number[], readonly number[]], formNames: readonly string[]): DashboardOption {
  return {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${String(v)}%` },
    xAxis: { type: 'category', data: [...formNames] },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: names.map((name, i) => ({
      name,
      type: 'bar' as const,
      barMaxWidth: 24,
      itemStyle: { color: i === 0 ? '#1565c0' : '#6b7280', decal: decal[i === 0 ? 0 : 1] },
      label: { show: true, position: 'top' as const, formatter: '{c}%' },
      data: [...shares[i]],
    })),
  } as DashboardOption
}
