import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { ElForm, ElOption } from 'element-plus'
import ChoiceButtons from '@/components/common/ChoiceButtons.vue'
import DayPicker from '@/components/common/DayPicker.vue'
import FilterSelect from '@/components/common/FilterSelect.vue'
import TextareaField from '@/components/common/TextareaField.vue'
import { createAppI18n } from '@/i18n'
import { waitFor } from './helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

/** Mounts `render` inside a form, with the app's i18n (Chinese). */
function mountInForm(render: () => ReturnType<typeof h>) {
  return mount(defineComponent({ setup: () => () => h(ElForm, null, render) }), { attachTo: document.body, global: { plugins: [createAppI18n()] } })
}

describe('TextareaField', () => {
  it('labels a textarea, counts up to its limit, shows the server’s error and sends what is typed', async () => {
    const text = ref('')
    const wrapper = mountInForm(() =>
      h(TextareaField, { modelValue: text.value, 'onUpdate:modelValue': (value: string) => (text.value = value), label: 'Reason', maxlength: 500,
        error: 'too short', placeholder: 'Why', itemTestid: 'reason-item', 'data-testid': 'reason' }),
    )
    const item = wrapper.get('[data-testid="reason-item"]')
    expect(item.get('.el-form-item__label').text()).toBe('Reason')
    const area = wrapper.get('textarea[data-testid="reason"]')
    expect(area.attributes('maxlength')).toBe('500')
    expect(area.attributes('placeholder')).toBe('Why')
    expect(area.attributes('rows')).toBe('3')
    await waitFor(() => expect(item.text()).toContain('too short'))
    await area.setValue('the record names someone else')
    expect(text.value).toBe('the record names someone else')
    expect(item.get('.el-input__count').text()).toBe('29 / 500')
  })
})

describe('ChoiceButtons', () => {
  it('shows one radio button an option, with the test ids asked for, and sends the one picked', async () => {
    const choice = ref<'approve' | 'reject'>('approve')
    const wrapper = mountInForm(() =>
      h(ChoiceButtons<'approve' | 'reject'>, { modelValue: choice.value, 'onUpdate:modelValue': (value: 'approve' | 'reject') => (choice.value = value),
        options: ['approve', 'reject'], label: (option: string) => option.toUpperCase(), testid: 'decision', optionTestid: 'decide' }),
    )
    const group = wrapper.get('[data-testid="decision"]')
    expect(group.findAll('.el-radio-button').map((button) => button.text())).toEqual(['APPROVE', 'REJECT'])
    expect(group.find('[data-testid="decide-approve"]').classes()).toContain('is-active')
    await group.get('[data-testid="decide-reject"] input').setValue(true)
    expect(choice.value).toBe('reject')
  })

  it('leaves the buttons without test ids unless asked', () => {
    const wrapper = mountInForm(() => h(ChoiceButtons<string>, { modelValue: 'linear', options: ['linear', 'none'], label: (option: string) => option }))
    expect(wrapper.findAll('.el-radio-button[data-testid]')).toHaveLength(0)
  })
})

describe('DayPicker', () => {
  it('keeps its test id reachable around the picker, and shows and sends the day as YYYY-MM-DD', async () => {
    const day = ref('2026-03-01')
    const wrapper = mountInForm(() =>
      h(DayPicker, { modelValue: day.value, 'onUpdate:modelValue': (value: string) => (day.value = value), testid: 'decided-on', clearable: false, placeholder: 'Pick a day' }),
    )
    const input = wrapper.get('[data-testid="decided-on"] input')
    expect((input.element as HTMLInputElement).value).toBe('2026-03-01')
    expect(input.attributes('placeholder')).toBe('Pick a day')
    day.value = '2026-04-15'
    await waitFor(() => expect((wrapper.get('[data-testid="decided-on"] input').element as HTMLInputElement).value).toBe('2026-04-15'))
    await input.setValue('2026-05-02')
    await input.trigger('change')
    await waitFor(() => expect(day.value).toBe('2026-05-02'))
  })
})

describe('FilterSelect', () => {
  it('offers the options and all (cleared), with more options from its slot, and reports a change', async () => {
    const state = ref<'' | 'open' | 'resolved' | undefined>('')
    const changes: unknown[] = []
    const wrapper = mountInForm(() =>
      h(
        FilterSelect<'open' | 'resolved'>,
        { modelValue: state.value, 'onUpdate:modelValue': (value: '' | 'open' | 'resolved' | undefined) => (state.value = value), title: 'State', options: ['open', 'resolved'],
          label: (option: string) => `state ${option}`, width: '140px', 'data-testid': 'state-filter', onChange: (value: unknown) => changes.push(value) },
        () => h(ElOption, { value: 'all', label: 'every state' }),
      ),
    )
    expect(wrapper.get('.el-form-item__label').text()).toBe('State')
    const select = wrapper.get('[data-testid="state-filter"]')
    expect(select.attributes('style')).toContain('width: 140px')
    expect(select.get('.el-select__placeholder').text()).toBe('全部')
    await select.trigger('click')
    const options = [...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].map((item) => item.textContent?.trim())
    expect(options).toEqual(['state open', 'state resolved', 'every state'])
    ;[...document.body.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find((item) => item.textContent?.trim() === 'state resolved')?.click()
    await flushPromises()
    expect(state.value).toBe('resolved')
    expect(changes).toEqual(['resolved'])
  })
})
