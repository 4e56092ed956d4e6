import { shallowReactive } from 'vue'

/**
 * A dialog or drawer a page opens on one of its rows: `show(row)` hands it
 * the row (null: none, to create one) and opens it; `open` is its v-model
 * and `target` the row it shows. The row stays after closing, so a dialog
 * fading out keeps its content.
 */
export function useDialog<T>() {
  const dialog = shallowReactive({
    open: false,
    target: null as T | null,
    show(target: T | null = null): void {
      dialog.target = target
      dialog.open = true
    },
  })
  return dialog
}
