/** One line of an audit entry's detail: its key, and its value as text. */
export interface DetailLine {
  key: string
  value: string
}

/**
 * The detail of an audit entry is a JSON object written by the server (the
 * filters of a list, the fields of a change, the result of a check). It is
 * shown as lines of key and value: scalars as they are, true/false as
 * words, lists joined, nested objects as compact JSON. A detail that is not
 * an object (a plain string) is one line under the key "value"; an empty
 * one is no line at all.
 */
export function detailLines(raw: unknown, yes: string, no: string): DetailLine[] {
  let value = raw
  if (typeof raw === 'string') {
    if (raw.trim() === '') return []
    try {
      value = JSON.parse(raw)
    } catch {
      return [{ key: 'value', value: raw }]
    }
  }
  if (value === null || value === undefined) return []
  if (typeof value !== 'object' || Array.isArray(value)) return [{ key: 'value', value: text(value, yes, no) }]
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([key, v]) => ({ key, value: text(v, yes, no) }))
}

function text(v: unknown, yes: string, no: string): string {
  if (typeof v === 'boolean') return v ? yes : no
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : text(x, yes, no))).join('、')
  if (typeof v === 'object' && v !== null) return JSON.stringify(v)
  return String(v)
}
