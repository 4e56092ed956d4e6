import { ref, shallowRef } from 'vue'
import { addDays, isoDay } from '@/components/common/days'
import { useLatestRequest } from './useLatestRequest'

/**
 * A report over a period of days: `period` is what the picker holds (by
 * default the last `days` days, today included), `shown` the period of the
 * figures on screen, `report` the server's answer. The server counts
 * [from, to): `load` asks up to the day after the last one picked; a newer
 * load drops the answer to an older one.
 */
export function usePeriodReport<T>(days: number, fetch: (range: { from: string; to: string }, signal: AbortSignal) => Promise<T>) {
  const today = isoDay(new Date())
  const period = ref<[string, string]>([addDays(today, 1 - days), today])
  const shown = ref<[string, string]>(period.value)
  const report = shallowRef<T | null>(null)
  const { loading, error, run } = useLatestRequest()

  function load(): Promise<void> {
    const [from, to] = period.value
    return run(
      (signal) => fetch({ from, to: addDays(to, 1) }, signal),
      (value) => {
        report.value = value
        shown.value = [from, to]
      },
    )
  }

  return { period, shown, report, loading, error, load }
}
