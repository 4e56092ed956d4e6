import { ref } from 'vue'

/** What an Element Plus table says when a column's sort changes. */
export interface SortChange {
  prop: string | null
  order: 'ascending' | 'descending' | null
}

/**
 * A list sorted on the server: `sort` is the list's ?sort= (a column key,
 * "-" first for descending; '' for the list's own order), and
 * `onSortChange` is the table's sort-change handler, which sets it and
 * searches again from the first page. Columns that sort say
 * `sortable="custom"` and carry the key as their prop.
 */
export function useSort(search: () => unknown) {
  const sort = ref('')
  function onSortChange({ prop, order }: SortChange): void {
    sort.value = prop && order ? (order === 'descending' ? `-${prop}` : prop) : ''
    void search()
  }
  return { sort, onSortChange }
}
