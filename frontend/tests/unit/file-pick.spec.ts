import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import FilePick from '@/components/common/FilePick.vue'
import { waitFor } from './helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

/** A page holding the file picked, and what `picked` told it. */
function mountPick(drag = false) {
  const file = ref<File | null>(null)
  const picks: (string | null)[] = []
  const wrapper = mount(
    defineComponent({
      setup: () => () =>
        h(
          FilePick,
          { modelValue: file.value, 'onUpdate:modelValue': (value: File | null) => (file.value = value), chooseLabel: 'Choose a file', 'data-testid': 'pick', drag,
            onPicked: (value: File | null) => picks.push(value?.name ?? null) },
          { tip: () => h('div', { class: 'tip' }, 'CSV or XLSX') },
        ),
    }),
    { attachTo: document.body },
  )
  const choose = async (name: string) => {
    const input = wrapper.get('[data-testid="pick"] input[type="file"]')
    Object.defineProperty(input.element, 'files', { value: [new File(['姓名\n'], name, { type: 'text/csv' })], configurable: true })
    await input.trigger('change')
    await flushPromises()
  }
  return { wrapper, file, picks, choose }
}

describe('FilePick', () => {
  it('offers one CSV or XLSX file, with its button and tip, and uploads nothing by itself', () => {
    const { wrapper } = mountPick()
    const input = wrapper.get('[data-testid="pick"] input[type="file"]')
    expect(input.attributes('accept')).toBe('.csv,.xlsx')
    expect(input.attributes('multiple')).toBeUndefined()
    expect(wrapper.get('[data-testid="pick"] button').text()).toBe('Choose a file')
    expect(wrapper.get('.tip').text()).toBe('CSV or XLSX')
    // The button is the one control: the area around it is no second button holding it.
    const area = wrapper.get('[data-testid="pick"] .el-upload')
    expect(area.attributes('role')).toBeUndefined()
    expect(area.attributes('tabindex')).toBeUndefined()
  })

  it('holds the file picked, a second pick replacing the first, and tells of each pick', async () => {
    const { wrapper, file, picks, choose } = mountPick()
    await choose('first.csv')
    expect(file.value?.name).toBe('first.csv')
    await choose('second.csv')
    await waitFor(() => expect(file.value?.name).toBe('second.csv'))
    expect(picks).toEqual(['first.csv', 'second.csv'])
    expect(wrapper.findAll('.el-upload-list__item').map((item) => item.text())).toEqual([expect.stringContaining('second.csv')])
  })

  it('with drag, takes a file dropped on the area that says so', async () => {
    const { wrapper, file, picks } = mountPick(true)
    const area = wrapper.get('[data-testid="pick"] .el-upload-dragger')
    expect(area.text()).toBe('Choose a file')
    expect(wrapper.get('[data-testid="pick"] .el-upload').attributes('role')).toBe('button')
    const drop = new Event('drop', { bubbles: true, cancelable: true })
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [new File(['姓名\n'], 'dropped.csv', { type: 'text/csv' })], items: [] } })
    area.element.dispatchEvent(drop)
    await waitFor(() => expect(file.value?.name).toBe('dropped.csv'))
    expect(picks).toEqual(['dropped.csv'])
  })
})
