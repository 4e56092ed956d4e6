import type { AccessEntry } from '@/api/me'

/** "2026-12" of a day, in local time. */
function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`
}

/**
 * Looks at the file per month over the `months` months up to `now`'s
 * (every month present, zero included), oldest first.
 */
export function accessByMonth(entries: readonly AccessEntry[], now = new Date(), months = 12): { month: string; count: number }[] {
  const counts = new Map<string, number>()
  for (let i = months - 1; i >= 0; i--) {
    const day = new Date(now.getFullYear(), now.getMonth() - i, 1)
    counts.set(monthOf(day), 0)
  }
  for (const entry of entries) {
    const month = monthOf(new Date(entry.at))
    if (counts.has(month)) counts.set(month, (counts.get(month) ?? 0) + 1)
  }
  return [...counts].map(([month, count]) => ({ month, count }))
}
