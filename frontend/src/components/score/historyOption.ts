import type { LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { ScorePoint } from '@/api/scores'
import { formatScore, gradeColor } from './grade'

export type HistoryOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>

export interface HistoryChartText {
  seriesName: string
  gradeLabel: (key: string) => string
  /** Tooltip line: "{date}: {score} ({grade})". */
  tooltip: (point: { date: string; score: string; grade: string }) => string
  locale: string
}

/**
 * The score over time as a step line: each point holds until the next
 * change (step 'end'), each dot in its grade's colour. The server lists the
 * days the score changed; the line is carried on to `asOf` so it reaches
 * the day asked about.
 */
export function historyOption(history: readonly ScorePoint[], asOf: string, text: HistoryChartText): HistoryOption {
  const points = [...history]
  const last = points[points.length - 1]
  if (last && asOf && last.date < asOf) points.push({ ...last, date: asOf })
  const byDate = new Map(points.map((point) => [point.date, point]))
  const scores = points.map((point) => point.score)
  const low = Math.min(...scores, 100)
  const high = Math.max(...scores, 100)

  return {
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { value?: [string, number] } | undefined
        const point = first?.value ? byDate.get(first.value[0]) : undefined
        if (!point) return ''
        return text.tooltip({ date: point.date, score: formatScore(point.score, text.locale), grade: text.gradeLabel(point.grade) })
      },
    },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', min: Math.max(0, Math.floor((low - 5) / 10) * 10), max: Math.ceil((high + 5) / 10) * 10 },
    series: [
      {
        name: text.seriesName,
        type: 'line',
        step: 'end',
        symbolSize: 7,
        lineStyle: { width: 2, color: '#1a4d8f' },
        data: points.map((point) => ({
          value: [point.date, point.score] as [string, number],
          itemStyle: { color: gradeColor(point.grade) },
        })),
      },
    ],
  }
}
