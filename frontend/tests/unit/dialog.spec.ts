import { describe, expect, it } from 'vitest'
import { nextTick, watch } from 'vue'
import { useDialog } from '@/composables/useDialog'

interface Row {
  id: number
}

describe('useDialog', () => {
  it('opens on the row it is shown, and on none to create one', () => {
    const dialog = useDialog<Row>()
    expect(dialog.open).toBe(false)
    expect(dialog.target).toBeNull()

    dialog.show({ id: 7 })
    expect(dialog.open).toBe(true)
    expect(dialog.target).toEqual({ id: 7 })

    dialog.open = false
    dialog.show()
    expect(dialog.open).toBe(true)
    expect(dialog.target).toBeNull()
  })

  it('keeps the row after closing, and tells watchers (a v-model) when it opens and closes', async () => {
    const dialog = useDialog<Row>()
    const seen: boolean[] = []
    watch(() => dialog.open, (open) => seen.push(open))
    dialog.show({ id: 1 })
    await nextTick()
    dialog.open = false
    await nextTick()
    expect(seen).toEqual([true, false])
    expect(dialog.target).toEqual({ id: 1 })
  })

  it('hands the row over as it is, not a reactive copy', () => {
    const row = { id: 3 }
    const dialog = useDialog<Row>()
    dialog.show(row)
    expect(dialog.target).toBe(row)
  })
})
