const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARACTERS = '10X98765432'

/** Upper-cases and strips spaces, as a person may type or paste it. */
export function normaliseIdNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase()
}

/**
 * Why an 18-character resident ID number (GB 11643-1999) is not valid, as
 * an i18n key under `officials.idNumber`, or null when it is. The server
 * checks it again; this only saves a round trip.
 */
export function idNumberProblem(value: string): 'format' | 'checksum' | null {
  const id = normaliseIdNumber(value)
  if (!/^\d{17}[\dX]$/.test(id)) return 'format'
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0)
  return CHECK_CHARACTERS[sum % 11] === id[17] ? null : 'checksum'
}
