import { computed, ref, watch } from 'vue'
import { useSessionStore } from '@/stores/session'

/** One column a list lets its reader show or hide. */
export interface ColumnDef {
  /** Stable within the list: what the stored choice names. */
  key: string
  /** The column's heading, in the current locale. */
  label: () => string
  /** A column that identifies the row, or the operations: always shown. */
  locked?: boolean
  /** Hidden until the reader asks for it. */
  hiddenByDefault?: boolean
}

/** The choice as stored: what the reader showed and what they hid (keys of other columns take their default). */
interface StoredChoice {
  visible: string[]
  hidden: string[]
}

/** Where a user's choice of a list's columns is kept: per user, so each one on a shared computer has their own. */
export function columnsStorageKey(username: string, list: string): string {
  return `integrity.columns.${username}.${list}`
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** The stored choice, or null when there is none or it is not one (an older format, hand-edited, cut short). */
function readChoice(key: string): StoredChoice | null {
  try {
    const text = window.localStorage.getItem(key)
    if (text === null) return null
    const parsed = JSON.parse(text) as unknown
    if (typeof parsed !== 'object' || parsed === null) return null
    const { visible, hidden } = parsed as Record<string, unknown>
    return isStringArray(visible) && isStringArray(hidden) ? { visible, hidden } : null
  } catch {
    return null // storage disabled or not JSON: the default
  }
}

function writeChoice(key: string, choice: StoredChoice | null): void {
  try {
    if (choice === null) window.localStorage.removeItem(key)
    else window.localStorage.setItem(key, JSON.stringify(choice))
  } catch {
    // storage disabled: the choice lasts while the page is open
  }
}

/** What the table and the column chooser share: which columns show, and how to change that. */
export interface Columns {
  /** The list's id: part of the storage key and of the chooser's test ids. */
  list: string
  defs: readonly ColumnDef[]
  /** Whether the column shows (an unknown key shows: nothing hides it). */
  shows: (key: string) => boolean
  /** Shows or hides a column; a locked one stays shown. The choice is saved for the signed-in user. */
  set: (key: string, visible: boolean) => void
  /** Back to the list's default columns, and forgets the saved choice. */
  reset: () => void
  /** Whether the current choice is the default. */
  isDefault: () => boolean
}

/**
 * The columns of list `list` the signed-in user chose to see, kept in
 * localStorage under `integrity.columns.<username>.<list>` and read again
 * when the page opens (and when another user signs in). A stored value
 * that is not a choice gives the default; keys of columns the list no
 * longer has are ignored, and a column it did not have then takes its
 * default. Signed out, nothing is stored.
 */
export function useColumns(list: string, defs: readonly ColumnDef[]): Columns {
  const session = useSessionStore()
  const defaults = () => new Set(defs.filter((def) => def.locked || !def.hiddenByDefault).map((def) => def.key))
  const known = new Set(defs.map((def) => def.key))
  const locked = new Set(defs.filter((def) => def.locked).map((def) => def.key))
  const visible = ref(defaults())
  const storageKey = computed(() => (session.username ? columnsStorageKey(session.username, list) : null))

  function restore(): void {
    const next = defaults()
    const choice = storageKey.value ? readChoice(storageKey.value) : null
    if (choice) {
      for (const key of choice.visible) if (known.has(key)) next.add(key)
      for (const key of choice.hidden) if (!locked.has(key)) next.delete(key)
    }
    visible.value = next
  }

  function save(): void {
    if (!storageKey.value) return
    const shown = defs.filter((def) => visible.value.has(def.key)).map((def) => def.key)
    const hidden = defs.filter((def) => !visible.value.has(def.key)).map((def) => def.key)
    writeChoice(storageKey.value, { visible: shown, hidden })
  }

  watch(storageKey, restore, { immediate: true })

  return {
    list,
    defs,
    shows: (key) => !known.has(key) || visible.value.has(key),
    set(key, show) {
      if (!known.has(key) || locked.has(key)) return
      const next = new Set(visible.value)
      if (show) next.add(key)
      else next.delete(key)
      visible.value = next
      save()
    },
    reset() {
      visible.value = defaults()
      if (storageKey.value) writeChoice(storageKey.value, null)
    },
    isDefault() {
      const base = defaults()
      return base.size === visible.value.size && [...base].every((key) => visible.value.has(key))
    },
  }
}
