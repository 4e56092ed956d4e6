import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, reactive, ref } from 'vue'
import ElementPlus, { ElForm, ElFormItem, ElInput, ElPagination, type FormInstance } from 'element-plus'
import { useElementA11y } from '@/composables/useElementA11y'
import { createAppI18n } from '@/i18n'
import { waitFor } from './helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

/** A page with a required field and a pager with page sizes, under the app's accessibility additions. */
function mountPage(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const form = ref<FormInstance>()
  const model = reactive({ name: '' })
  const Page = defineComponent({
    setup() {
      useElementA11y()
      return () => [
        h(ElForm, { ref: form, model, rules: { name: [{ required: true, message: '请填写姓名' }] } }, () =>
          h(ElFormItem, { label: '姓名', prop: 'name' }, () => h(ElInput, { modelValue: model.name, 'onUpdate:modelValue': (v: string) => (model.name = v), 'data-testid': 'name' })),
        ),
        h(ElPagination, { total: 100, pageSizes: [10, 20], layout: 'sizes, pager' }),
      ]
    },
  })
  const wrapper = mount(Page, { global: { plugins: [ElementPlus, createAppI18n(locale)] }, attachTo: document.body })
  return { wrapper, form, model }
}

describe('useElementA11y', () => {
  it('ties a field’s error to the field while it shows, and unties it when it goes', async () => {
    const { wrapper, form, model } = mountPage()
    const input = () => wrapper.get('input[data-testid="name"]')
    expect(input().attributes('aria-invalid')).toBeUndefined()
    await form.value!.validate().catch(() => undefined)
    const error = await waitFor(() => wrapper.get('.el-form-item__error'))
    const id = await waitFor(() => error.attributes('id') ?? expect.fail('the error has no id yet'))
    await waitFor(() => expect(input().attributes('aria-describedby')).toBe(id))
    expect(error.text()).toBe('请填写姓名')
    expect(input().attributes('aria-invalid')).toBe('true')

    model.name = '张三'
    await form.value!.validate()
    await waitFor(() => expect(input().attributes('aria-invalid')).toBeUndefined())
    expect(input().attributes('aria-describedby')).toBeUndefined()
    wrapper.unmount()
  })

  it('names the pager’s page-size select in the language shown', async () => {
    const { wrapper } = mountPage('en')
    await waitFor(() => expect(wrapper.get('.el-pagination__sizes input').attributes('aria-label')).toBe('Rows per page'))
    wrapper.unmount()
  })
})
