import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useQueryId } from '@/composables/useQueryId'
import { waitFor } from './helpers'

/** useQueryId(key) in a page at `path`, with the router it reads. */
async function queryIdAt(path: string, key: string) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { render: () => null } }] })
  await router.push(path)
  await router.isReady()
  let found: ReturnType<typeof useQueryId> | null = null
  mount(defineComponent({ setup: () => ((found = useQueryId(key)), () => h('div')) }), { global: { plugins: [router] } })
  return { router, query: found! }
}

describe('useQueryId', () => {
  it('reads a positive whole number from the address, and null for anything else', async () => {
    expect((await queryIdAt('/appeals?record_id=42', 'record_id')).query.id.value).toBe(42)
    expect((await queryIdAt('/appeals', 'record_id')).query.id.value).toBeNull()
    for (const bad of ['abc', '0', '-3', '1.5', '']) {
      expect((await queryIdAt(`/appeals?record_id=${bad}`, 'record_id')).query.id.value).toBeNull()
    }
  })

  it('puts another id in the address and drops it, keeping the rest of the query and the history length', async () => {
    const { router, query } = await queryIdAt('/me/reports?tab=all', 'id')
    const push = vi.spyOn(router, 'push')
    await query.set(7)
    expect(router.currentRoute.value.query).toEqual({ tab: 'all', id: '7' })
    expect(query.id.value).toBe(7)

    query.drop()
    await waitFor(() => expect(router.currentRoute.value.query).toEqual({ tab: 'all' }))
    expect(query.id.value).toBeNull()
    // Replaced, never pushed: going back leaves the page rather than showing the id again.
    expect(push).not.toHaveBeenCalled()

    // Nothing to drop: the address stays as it is.
    const replace = vi.spyOn(router, 'replace')
    query.drop()
    expect(replace).not.toHaveBeenCalled()
  })
})
