import { AriaComponent } from 'echarts/components'
import { use } from 'echarts/core'

use([AriaComponent])

/**
 * Every chart: described to screen readers (ECharts writes the chart's
 * title, series and values into the container's aria-label) and its bars
 * and slices told apart by patterns as well as colours.
 */
export const CHART_ARIA = { enabled: true, decal: { show: true } } as const

/** The chart's option with the accessibility settings above. */
export function withAria<T extends object>(option: T): T & { aria: typeof CHART_ARIA } {
  return { ...option, aria: CHART_ARIA }
}
