/**
 * The period of a statistics page as a commission reports it: a year, a
 * quarter, a month, or any days. `from` is the first day and `to` the day
 * after the last (the server counts [from, to)).
 */
export type PeriodKind = 'year' | 'quarter' | 'month' | 'custom'

export interface StatsPeriod {
  kind: PeriodKind
  year: number
  /** 1 to 4, for a quarter. */
  quarter: number
  /** 1 to 12, for a month. */
  month: number
  /** Both days included, YYYY-MM-DD, for a custom period. */
  days: [string, string]
}

const pad = (n: number) => String(n).padStart(2, '0')
const first = (year: number, month: number) => `${year}-${pad(month)}-01`

/** The next day of `day` (YYYY-MM-DD), in the calendar alone. */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  const date = new Date(Date.UTC(y, m - 1, d + 1))
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

/** The period as [from, to), dates YYYY-MM-DD. */
export function periodRange(p: StatsPeriod): { from: string; to: string } {
  switch (p.kind) {
    case 'year':
      return { from: first(p.year, 1), to: first(p.year + 1, 1) }
    case 'quarter': {
      const start = (p.quarter - 1) * 3 + 1
      return { from: first(p.year, start), to: start === 10 ? first(p.year + 1, 1) : first(p.year, start + 3) }
    }
    case 'month':
      return { from: first(p.year, p.month), to: p.month === 12 ? first(p.year + 1, 1) : first(p.year, p.month + 1) }
    default:
      return { from: p.days[0], to: nextDay(p.days[1]) }
  }
}

/** This year, as of `today`, with the quarter and month of today ready for the other kinds. */
export function thisYear(today: Date): StatsPeriod {
  const year = today.getFullYear()
  const month = today.getMonth() + 1
  return { kind: 'year', year, quarter: Math.floor((month - 1) / 3) + 1, month, days: [first(year, 1), `${year}-${pad(month)}-${pad(today.getDate())}`] }
}

/** The [from, to) of one step of a trend (2026, 2026-Q1 or 2026-01), for a drill-down into it. */
export function stepRange(step: string): { from: string; to: string } {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(step)
  if (quarter) return periodRange({ ...thisYear(new Date()), kind: 'quarter', year: Number(quarter[1]), quarter: Number(quarter[2]) })
  const month = /^(\d{4})-(\d{2})$/.exec(step)
  if (month) return periodRange({ ...thisYear(new Date()), kind: 'month', year: Number(month[1]), month: Number(month[2]) })
  return periodRange({ ...thisYear(new Date()), kind: 'year', year: Number(step) })
}
