import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, reactive, ref } from 'vue'
import { ElForm, ElFormItem, ElInput } from 'element-plus'
import { ApiError } from '@/api/request'
import FormDialog from '@/components/common/FormDialog.vue'
import { useFormDialog } from '@/composables/useFormDialog'
import DepartmentFormDialog from '@/views/admin/departments/DepartmentFormDialog.vue'
import { fakeServer, mountApp, problemResponse } from './helpers'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

/** A dialog with one field whose save the test answers. */
async function openProbe(save: (name: string) => Promise<string>) {
  const open = ref(false)
  const saved: string[] = []
  let fills = 0
  const Probe = defineComponent({
    setup() {
      const form = reactive({ name: '' })
      const { errors, saving, submit } = useFormDialog(open, {
        fill: () => {
          fills++
          form.name = 'initial'
        },
        save: () => save(form.name),
        saved: (v: string) => saved.push(v),
      })
      return () =>
        h(
          FormDialog,
          { open: open.value, 'onUpdate:open': (v: boolean) => (open.value = v), title: 'Probe', error: errors.message.value, saving: saving.value,
            testid: 'probe', saveTestid: 'probe-save', onSubmit: submit },
          () =>
            h(ElForm, { ref: 'dialogForm', model: form }, () =>
              h(ElFormItem, { label: 'name', error: errors.fields.value.name }, () =>
                h(ElInput, { modelValue: form.name, 'onUpdate:modelValue': (v: string) => (form.name = v) }),
              ),
            ),
        )
    },
  })
  await mountApp(Probe, { roles: ['admin'] })
  open.value = true
  await flushPromises()
  const click = async (testid: string) => {
    document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)!.click()
    await flushPromises()
  }
  return { open, saved, click, fills: () => fills }
}

const taken = () =>
  new ApiError({ status: 400, title: 'invalid', code: 'invalid', detail: 'the name is taken', fieldErrors: [{ field: 'name', message: 'is taken' }] })

describe('a form dialog (FormDialog and useFormDialog)', () => {
  it('fills the form when it opens, keeps it open with the server’s errors, then saves and closes', async () => {
    let fail = true
    const { open, saved, click, fills } = await openProbe(async (name) => {
      if (fail) throw taken()
      return name
    })
    expect(fills()).toBe(1)
    expect((document.querySelector('[data-testid="probe"] input') as HTMLInputElement).value).toBe('initial')

    await click('probe-save')
    expect(open.value).toBe(true)
    expect(document.querySelector('[data-testid="probe"] .el-alert__title')?.textContent).toContain('the name is taken')
    expect(document.querySelector('[data-testid="probe"] .el-form-item.is-error')).not.toBeNull()
    expect(saved).toEqual([])

    fail = false
    await click('probe-save')
    expect(saved).toEqual(['initial'])
    expect(open.value).toBe(false)
  })

  it('clears the last errors when it opens again', async () => {
    const { open, click } = await openProbe(async () => {
      throw taken()
    })
    await click('probe-save')
    expect(document.querySelector('[data-testid="probe"] .el-form-item.is-error')).not.toBeNull()
    open.value = false
    await flushPromises()
    open.value = true
    await flushPromises()
    expect(document.querySelector('[data-testid="probe"] .el-form-item.is-error')).toBeNull()
    expect(document.querySelector('[data-testid="probe"] .el-alert')).toBeNull()
  })

  it('does not ask the server while the form’s own rules fail (a department needs its kind)', async () => {
    const server = fakeServer({ 'POST /api/v1/departments': () => problemResponse(500, 'internal') })
    vi.stubGlobal('fetch', server.fetch)
    const open = ref(false)
    await mountApp(
      defineComponent({
        setup: () => () =>
          h(DepartmentFormDialog, { open: open.value, 'onUpdate:open': (v: boolean) => (open.value = v), department: null, parentId: null, tree: [] }),
      }),
      { roles: ['admin'] },
    )
    open.value = true
    await flushPromises()
    document.querySelector<HTMLElement>('[data-testid="department-save"]')!.click()
    await flushPromises()
    expect(server.count('POST /api/v1/departments')).toBe(0)
    expect(open.value).toBe(true)
  })

  it('shows what stands before the form above the server’s message, and a danger save with its own label', async () => {
    const open = ref(true)
    const submits: string[] = []
    await mountApp(
      defineComponent({
        setup: () => () =>
          h(
            FormDialog,
            {
              open: open.value,
              'onUpdate:open': (v: boolean) => (open.value = v),
              title: 'Revoke',
              error: 'decided meanwhile',
              errorTestid: 'probe-error',
              saving: false,
              testid: 'probe',
              saveTestid: 'probe-save',
              saveType: 'danger',
              saveLabel: 'Revoke it',
              onSubmit: () => submits.push('submit'),
            },
            { before: () => h('p', { 'data-testid': 'probe-what' }, 'What it does'), default: () => h('p', 'the form') },
          ),
      }),
      { roles: ['admin'] },
    )
    await flushPromises()
    const dialog = document.querySelector<HTMLElement>('[data-testid="probe"]')!
    const what = dialog.querySelector('[data-testid="probe-what"]')!
    const error = dialog.querySelector('[data-testid="probe-error"]')!
    expect(error.textContent).toContain('decided meanwhile')
    expect(what.compareDocumentPosition(error) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    const save = dialog.querySelector<HTMLButtonElement>('[data-testid="probe-save"]')!
    expect(save.textContent).toContain('Revoke it')
    expect(save.classList.contains('el-button--danger')).toBe(true)
    save.click()
    await flushPromises()
    expect(submits).toEqual(['submit'])
  })
})
