import type { FieldError } from '@/api/errors'
import { saveDownload } from '@/api/download'

/** A byte order mark: Excel reads a CSV file as UTF-8 (Chinese intact) only with one. */
const BOM = '\uFEFF'

/**
 * One CSV cell: quoted when it holds a comma, a quote or a line break; a
 * cell that a spreadsheet would take for a formula (= + - @ at the start)
 * is kept as text with a leading apostrophe.
 */
export function csvCell(value: string | number): string {
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export interface RosterReportText {
  /** The header: row, column, problem (in the reader's language). */
  header: readonly [string, string, string]
  /** The column's name for a field key. */
  column: (field: string) => string
  /** A problem's message in the reader's language (by its key). */
  message: (problem: FieldError) => string
}

/**
 * The roster's problems as a CSV file's text: a BOM, the header, then one
 * line per problem in the order given, lines ended with CRLF. A problem
 * without a row (the file as a whole) leaves the row empty.
 */
export function rosterErrorsCsv(problems: readonly FieldError[], text: RosterReportText): string {
  const lines = [text.header.map(csvCell).join(',')]
  for (const problem of problems) {
    lines.push([problem.row ? problem.row : '', text.column(problem.field), text.message(problem)].map(csvCell).join(','))
  }
  return BOM + lines.join('\r\n') + '\r\n'
}

/** Hands the report to the browser to save as `filename`. */
export function saveRosterErrors(csv: string, filename: string): void {
  saveDownload({ blob: new Blob([csv], { type: 'text/csv;charset=utf-8' }), filename }, filename)
}
