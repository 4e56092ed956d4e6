import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import ElementPlus from 'element-plus'
import ListPager from '@/components/common/ListPager.vue'
import { usePagedList } from '@/composables/usePagedList'
import { createAppI18n } from '@/i18n'

/** A list of 45 rows whose page requests are recorded. */
function host(sizes?: number[]) {
  const asked: [number, number][] = []
  const Host = defineComponent({
    setup() {
      const list = usePagedList<number>(async (page, pageSize) => {
        asked.push([page, pageSize])
        return { items: Array.from({ length: Math.min(pageSize, 45 - (page - 1) * pageSize) }, (_, i) => i), total: 45 }
      })
      void list.load()
      return () => h(ListPager, { list, sizes })
    },
  })
  const wrapper = mount(Host, { global: { plugins: [ElementPlus, createAppI18n()] }, attachTo: document.body })
  return { wrapper, asked }
}

describe('ListPager', () => {
  it('shows the total and loads the page the user picks', async () => {
    const { wrapper, asked } = host()
    await flushPromises()
    expect(wrapper.text()).toContain('45')
    await wrapper.findAll('.el-pager li').find((li) => li.text() === '3')!.trigger('click')
    await flushPromises()
    expect(asked.at(-1)).toEqual([3, 20])
    wrapper.unmount()
  })

  it('offers page sizes only when given, and a new size starts again from page 1', async () => {
    expect(host().wrapper.find('.el-pagination__sizes').exists()).toBe(false)
    const { wrapper, asked } = host([10, 50])
    await flushPromises()
    expect(wrapper.find('.el-pagination__sizes').exists()).toBe(true)
    await wrapper.findAll('.el-pager li').find((li) => li.text() === '2')!.trigger('click')
    await flushPromises()
    expect(asked.at(-1)).toEqual([2, 20])
    wrapper.findComponent({ name: 'ElPagination' }).vm.$emit('size-change', 50)
    wrapper.findComponent({ name: 'ElPagination' }).vm.$emit('update:page-size', 50)
    await flushPromises()
    expect(asked.at(-1)?.[0]).toBe(1)
    wrapper.unmount()
  })
})
