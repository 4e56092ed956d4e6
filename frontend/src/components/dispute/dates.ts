/** Today as YYYY-MM-DD, in local time (the day a clerk or official means). */
export function localToday(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
}

/** For a date picker's disabled-date: a day after today. */
export function isAfterToday(date: Date): boolean {
  return date.getTime() > new Date(new Date().toDateString()).getTime()
}
