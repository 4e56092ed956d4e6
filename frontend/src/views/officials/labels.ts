/**
 * Fields of an official as the history snapshots carry them, in display
 * order, with their i18n keys. Anything that could hold an unmasked ID
 * number (id_number, its hash or ciphertext) is never shown.
 */
export const OFFICIAL_FIELDS = [
  'name',
  'gender',
  'birth_date',
  'id_number_masked',
  'department_name',
  'department_id',
  'post',
  'job_rank',
  'category',
  'party_member',
  'status',
] as const

export function isHiddenSnapshotKey(key: string): boolean {
  if (key === 'id_number_masked') return false
  return /id_number|id_hash|blind|_enc$|cipher|secret/i.test(key)
}

/** The snapshot's keys worth showing: known fields first, then the rest. */
export function snapshotKeys(snapshot: Record<string, unknown>): string[] {
  const known = OFFICIAL_FIELDS.filter((key) => key in snapshot)
  const rest = Object.keys(snapshot)
    .filter((key) => !(OFFICIAL_FIELDS as readonly string[]).includes(key))
    .filter((key) => !['id', 'version', 'created_at', 'updated_at'].includes(key))
  return [...known, ...rest].filter((key) => !isHiddenSnapshotKey(key))
}
