import { nextTick, ref } from 'vue'
import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/request'
import { useLoadOnOpen } from '@/composables/useLoadOnOpen'
import { waitFor } from './helpers'

describe('useLoadOnOpen', () => {
  it('loads each time the drawer opens, clearing the last value first, and keeps an error for the view', async () => {
    const open = ref(false)
    const id = ref<number | null>(1)
    let fail = false
    let release: (() => void) | null = null
    const loads: number[] = []
    const { value, loading, error } = useLoadOnOpen(open, () => {
      if (id.value === null) return null
      loads.push(id.value)
      const current = id.value
      return new Promise<string>((resolve, reject) => {
        release = () => (fail ? reject(new ApiError({ status: 404, title: 'Not found', code: 'not_found' })) : resolve(`record ${current}`))
      })
    })

    open.value = true
    await waitFor(() => expect(loading.value).toBe(true))
    release!()
    await waitFor(() => expect(value.value).toBe('record 1'))
    expect(loading.value).toBe(false)

    // Reopened on another record: the old one is gone while the new one loads.
    open.value = false
    id.value = 2
    await nextTick()
    open.value = true
    await waitFor(() => expect(loading.value).toBe(true))
    expect(value.value).toBeNull()
    fail = true
    release!()
    await waitFor(() => expect(error.value?.status).toBe(404))
    expect(value.value).toBeNull()

    // Nothing to load: nothing happens.
    open.value = false
    id.value = null
    await nextTick()
    open.value = true
    await nextTick()
    expect(loads).toEqual([1, 2])
    expect(loading.value).toBe(false)
  })
})
