import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { createAppI18n } from '@/i18n'
import GrantsEditor from '@/views/admin/users/GrantsEditor.vue'
import {
  defaultScopeFor,
  serverRowErrors,
  toGrantInputs,
  validateGrants,
  type GrantDraft,
} from '@/views/admin/users/grants'

/** el-form-item shows its error after a 100 ms debounce. */
const errorsShown = () => new Promise((resolve) => setTimeout(resolve, 150))

const noLinks = { departmentId: null, officialId: null }

describe('validateGrants', () => {
  it('needs at least one grant', () => {
    const check = validateGrants([], noLinks)
    expect(check.valid).toBe(false)
    expect(check.list).toEqual(['empty'])
  })

  it('needs a role and a scope on every row', () => {
    const check = validateGrants([{ role: '', scope: '', department_id: null }], noLinks)
    expect(check.rows[0]).toEqual({ role: 'roleRequired', scope: 'scopeRequired' })
  })

  it('grants each role once', () => {
    const check = validateGrants(
      [
        { role: 'admin', scope: 'all', department_id: null },
        { role: 'admin', scope: 'all', department_id: null },
      ],
      noLinks,
    )
    expect(check.rows[1]?.role).toBe('duplicateRole')
    expect(check.rows[0]).toEqual({})
  })

  it('anchors the department scopes at a department, or at the user’s own', () => {
    const grant: GrantDraft = { role: 'personnel_staff', scope: 'dept_and_below', department_id: null }
    expect(validateGrants([grant], noLinks).rows[0]?.department_id).toBe('departmentRequired')
    expect(validateGrants([grant], { departmentId: 7, officialId: null }).valid).toBe(true)
    expect(validateGrants([{ ...grant, department_id: 3 }], noLinks).valid).toBe(true)
  })

  it('keeps the official role to self, and self to users linked to an official', () => {
    expect(validateGrants([{ role: 'official', scope: 'all', department_id: null }], noLinks).rows[0]?.scope).toBe(
      'officialSelfOnly',
    )
    expect(validateGrants([{ role: 'official', scope: 'self', department_id: null }], noLinks).rows[0]?.scope).toBe(
      'selfNeedsOfficial',
    )
    expect(validateGrants([{ role: 'official', scope: 'self', department_id: null }], { departmentId: null, officialId: 5 }).valid).toBe(true)
  })

  it('sends the department only for the department scopes', () => {
    expect(
      toGrantInputs([
        { role: 'admin', scope: 'all', department_id: 4 },
        { role: 'personnel_staff', scope: 'dept', department_id: 9 },
      ]),
    ).toEqual([
      { role: 'admin', scope: 'all' },
      { role: 'personnel_staff', scope: 'dept', department_id: 9 },
    ])
  })

  it('picks a sensible scope for a new role', () => {
    expect(defaultScopeFor('official')).toBe('self')
    expect(defaultScopeFor('auditor')).toBe('all')
    expect(defaultScopeFor('discipline_staff')).toBe('dept_and_below')
  })

  it('reads the server’s field errors for a row', () => {
    const fields = { 'grants[1].scope': 'must be self for the official role', 'grants[0].role': 'granted twice', name: 'x' }
    expect(serverRowErrors(fields, 1)).toEqual({ scope: 'must be self for the official role' })
    expect(serverRowErrors(fields, 0)).toEqual({ role: 'granted twice' })
  })
})

describe('GrantsEditor', () => {
  beforeEach(() => setActivePinia(createPinia()))

  function mountEditor(initial: GrantDraft[], serverFields: Record<string, string> = {}) {
    const grants = ref<GrantDraft[]>(initial)
    const editor = ref<InstanceType<typeof GrantsEditor>>()
    const Host = defineComponent({
      setup: () => () =>
        h(GrantsEditor, {
          ref: editor,
          modelValue: grants.value,
          'onUpdate:modelValue': (value: GrantDraft[]) => (grants.value = value),
          tree: [],
          departmentId: null,
          officialId: null,
          serverFields,
        }),
    })
    const wrapper = mount(Host, { attachTo: document.body, global: { plugins: [createAppI18n()] } })
    return { wrapper, grants, editor }
  }

  it('shows no error before validation, then each row’s problem in Chinese', async () => {
    const { wrapper, editor } = mountEditor([
      { role: 'personnel_staff', scope: 'dept', department_id: null },
      { role: 'personnel_staff', scope: 'all', department_id: null },
    ])
    expect(wrapper.text()).not.toContain('此数据范围须指定部门')

    expect(editor.value?.validate()).toBe(false)
    await flushPromises()
    await errorsShown()

    const rows = wrapper.findAll('[data-testid^="grant-row-"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]?.text()).toContain('此数据范围须指定部门')
    expect(rows[1]?.text()).toContain('同一角色只能授予一次')
  })

  it('says that at least one role is needed when every row is removed', async () => {
    const { wrapper, grants, editor } = mountEditor([{ role: 'admin', scope: 'all', department_id: null }])

    await wrapper.get('[data-testid="grant-remove"]').trigger('click')
    expect(grants.value).toEqual([])
    expect(editor.value?.validate()).toBe(false)
    await flushPromises()

    expect(wrapper.get('[data-testid="grants-empty"]').text()).toContain('至少授予一个角色')
  })

  it('adds an empty row and accepts a valid list', async () => {
    const { wrapper, grants, editor } = mountEditor([{ role: 'auditor', scope: 'all', department_id: null }])
    expect(editor.value?.validate()).toBe(true)

    await wrapper.get('[data-testid="grant-add"]').trigger('click')
    expect(grants.value).toHaveLength(2)
    expect(editor.value?.validate()).toBe(false)
  })

  it('shows the server’s error on its row', async () => {
    const { wrapper } = mountEditor([{ role: 'official', scope: 'self', department_id: null }], {
      'grants[0].scope': 'must be self for the official role',
    })
    await flushPromises()
    await errorsShown()
    expect(wrapper.get('[data-testid="grant-row-0"]').text()).toContain('must be self for the official role')
  })
})
