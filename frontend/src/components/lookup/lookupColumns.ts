import type { ColumnDef } from '@/composables/useColumns'

/** The columns a list of lookups adds to LookupColumns, where its slots put them. */
export interface OwnLookupColumns {
  afterId?: ColumnDef[]
  afterPurpose?: ColumnDef[]
  afterModules?: ColumnDef[]
}

/**
 * The choosable columns of a list of lookups, in the table's order: those
 * of LookupColumns (the number identifies the row, so it always shows),
 * the list's own where its slots put them, then the operations (always).
 */
export function lookupColumnDefs(t: (key: string) => string, own: OwnLookupColumns = {}): ColumnDef[] {
  return [
    { key: 'id', label: () => t('lookups.fields.id'), locked: true },
    ...(own.afterId ?? []),
    { key: 'officials', label: () => t('lookups.fields.officials') },
    { key: 'purpose', label: () => t('lookups.fields.purpose') },
    ...(own.afterPurpose ?? []),
    { key: 'modules', label: () => t('lookups.fields.modules') },
    ...(own.afterModules ?? []),
    { key: 'state', label: () => t('lookups.fields.state') },
    { key: 'time', label: () => t('lookups.fields.time') },
    { key: 'operations', label: () => t('common.operations'), locked: true },
  ]
}
