import { idNumberProblem, normaliseIdNumber } from '@/components/official/idNumber'

/** Why a pasted line names no candidate. */
export type LineProblem = 'format' | 'checksum' | 'duplicate'

export interface PastedCandidates {
  officialIds: number[]
  idNumbers: string[]
  /** The pasted line (1-based) of each official id and ID number, to name a line the server refuses. */
  officialLines: number[]
  idLines: number[]
  problems: { line: number; text: string; problem: LineProblem }[]
  /** Candidates found: official ids and ID numbers together. */
  count: number
}

const FULL_WIDTH = /[０-９ｘＸ]/g
const SEPARATORS = /[\s,，;；|]+/
const ID_NUMBER = /^\d{17}[\dX]$/
const OFFICIAL_ID = /^\d{1,15}$/

/** Full-width digits and x (from a Chinese input method) as ASCII. */
function ascii(text: string): string {
  return text.replace(FULL_WIDTH, (c) => (c === 'ｘ' || c === 'Ｘ' ? 'X' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
}

/**
 * Reads a pasted candidate list: one candidate a line, an 18-character ID
 * number or an official's number (the registry's id). A line copied from a
 * spreadsheet (name, then number) works too: the number is picked out. An
 * ID number is checked for its shape and check character here (the server
 * checks it again); a line that names nobody, or names someone a second
 * time, is listed as a problem and left out. Empty lines are skipped.
 */
export function parseCandidates(text: string): PastedCandidates {
  const out: PastedCandidates = { officialIds: [], idNumbers: [], officialLines: [], idLines: [], problems: [], count: 0 }
  const seen = new Set<string>()
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    const trimmed = ascii(raw).trim()
    if (!trimmed) return
    const tokens = trimmed.split(SEPARATORS).map((token) => token.toUpperCase())
    const id = tokens.find((token) => ID_NUMBER.test(token)) ?? (tokens.length === 1 ? normaliseIdNumber(tokens[0]!) : '')
    const official = tokens.length === 1 && OFFICIAL_ID.test(tokens[0]!) ? Number(tokens[0]) : 0
    let key = ''
    if (official > 0) key = `o${official}`
    else if (ID_NUMBER.test(id)) {
      const problem = idNumberProblem(id)
      if (problem) {
        out.problems.push({ line, text: raw.trim(), problem })
        return
      }
      key = `i${id}`
    } else {
      out.problems.push({ line, text: raw.trim(), problem: 'format' })
      return
    }
    if (seen.has(key)) {
      out.problems.push({ line, text: raw.trim(), problem: 'duplicate' })
      return
    }
    seen.add(key)
    if (official > 0) {
      out.officialIds.push(official)
      out.officialLines.push(line)
    } else {
      out.idNumbers.push(id)
      out.idLines.push(line)
    }
  })
  out.count = out.officialIds.length + out.idNumbers.length
  return out
}

/** The candidate list template: the two columns the server reads, with a BOM so that Excel reads it as UTF-8. */
export function candidateTemplate(): Blob {
  return new Blob(['\ufeff姓名,身份证号码\r\n'], { type: 'text/csv;charset=utf-8' })
}

/**
 * The pasted line a server error of a JSON check names: `id_numbers` rows
 * count the ID numbers (1-based), other rows the candidates in the order
 * sent (official ids first). Null when it cannot be told.
 */
export function lineOfError(parsed: PastedCandidates, field: string, row: number | undefined): number | null {
  if (!row || row < 1) return null
  if (field === 'id_numbers') return parsed.idLines[row - 1] ?? null
  if (row <= parsed.officialLines.length) return parsed.officialLines[row - 1] ?? null
  return parsed.idLines[row - parsed.officialLines.length - 1] ?? null
}

/**
 * The assessment year a check judges by default: an annual assessment is
 * made early in the following year, so in January to March it is last
 * year's, and this year's after.
 */
export function defaultAssessmentYear(today: Date): number {
  return today.getMonth() < 3 ? today.getFullYear() - 1 : today.getFullYear()
}
