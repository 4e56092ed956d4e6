import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { ElFormItem, ElInput, ElTableColumn } from 'element-plus'
import type { Page } from '@/api/paging'
import { ApiError } from '@/api/request'
import ListPage from '@/components/common/ListPage.vue'
import { useLoadedList, usePagedList, type LoadedList, type PagedList } from '@/composables/usePagedList'
import { mountApp } from './helpers'

interface Row {
  id: number
  name: string
}

afterEach(() => {
  document.body.innerHTML = ''
})

/** A list page over `list`, with one filter and one column; what it emitted. */
async function mountPage(makeList: () => PagedList<Row> | LoadedList<Row>) {
  const events: string[] = []
  const Page = defineComponent({
    setup() {
      const list = makeList()
      void list.load()
      return () =>
        h(
          ListPage<Row>,
          { title: 'Things', pageTestId: 'things-page', list, sizes: [10, 20], searchTestId: 'things-search', 'data-testid': 'things-table',
            onSearch: () => events.push('search'), onReset: () => events.push('reset') },
          {
            actions: () => h('button', { 'data-testid': 'things-new' }, 'New thing'),
            filters: () => h(ElFormItem, { label: 'Name' }, () => h(ElInput, { modelValue: '' })),
            default: () => h(ElTableColumn, { prop: 'name', label: 'Name' }),
          },
        )
    },
  })
  const { wrapper } = await mountApp(Page, { roles: ['admin'] })
  await flushPromises()
  return { wrapper, events }
}

describe('a list page (ListPage)', () => {
  it('shows the title, its actions, the rows and a pager for a paged list; search and reset reach the page', async () => {
    const fetchPage = vi.fn(async (): Promise<Page<Row>> => ({ items: [{ id: 1, name: 'first' }, { id: 2, name: 'second' }], total: 2 }))
    const { wrapper, events } = await mountPage(() => usePagedList<Row>(fetchPage))
    const page = wrapper.get('[data-testid="things-page"]')
    expect(page.text()).toContain('Things')
    expect(page.find('[data-testid="things-new"]').exists()).toBe(true)
    expect(page.findAll('[data-testid="things-table"] .el-table__body-wrapper tr').map((row) => row.text())).toEqual(['first', 'second'])
    expect(page.find('.el-pagination').exists()).toBe(true)

    await page.get('[data-testid="things-search"]').trigger('click')
    await flushPromises()
    const reset = page.findAll('button').find((button) => button.text() === '重置')
    await reset?.trigger('click')
    expect(events).toEqual(['search', 'reset'])
  })

  it('says what the server answered when the list fails, and has no pager for an unpaged list', async () => {
    const { wrapper } = await mountPage(() =>
      useLoadedList<Row>(() => Promise.reject(new ApiError({ status: 500, title: 'internal', code: 'internal', detail: 'the database is down', fieldErrors: [] }))),
    )
    const page = wrapper.get('[data-testid="things-page"]')
    expect(page.get('.el-alert').text()).toContain('the database is down')
    expect(page.find('.el-pagination').exists()).toBe(false)
    expect(page.findAll('[data-testid="things-table"] .el-table__body-wrapper tr')).toHaveLength(0)
  })
})
