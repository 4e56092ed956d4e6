import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { computed, defineComponent, h, ref, type Ref } from 'vue'
import { createAppI18n } from '@/i18n'
import PolicyDraftForm from '@/views/admin/policies/PolicyDraftForm.vue'
import { providePolicyEditor, usePolicyEditor } from '@/views/admin/policies/policyEditor'
import type { PolicyDraft } from '@/views/admin/policies/usePolicyDraft'
import { waitFor } from './helpers'

/** A draft as usePolicyDraft gives it, each part set by the test. */
function fakeDraft(state: { message?: string; fields?: Record<string, string>; stale?: boolean; readonly?: boolean; dirty?: boolean }) {
  const message = ref(state.message ?? '')
  const fields = ref(state.fields ?? {})
  return {
    errors: { message, fields },
    fieldErrors: computed(() => fields.value),
    saving: ref(false),
    readonly: computed(() => state.readonly ?? false),
    dirty: computed(() => state.dirty ?? false),
    staleDraft: { stale: ref(state.stale ?? false), reloading: ref(false), loadLatest: vi.fn() },
    save: vi.fn(async () => {}),
    discard: vi.fn(),
  } as unknown as PolicyDraft
}

function mountForm(draft: PolicyDraft) {
  return mount(PolicyDraftForm, {
    props: { draft, fieldLabel: (field: string) => `field ${field}` },
    slots: { default: () => h('p', { 'data-testid': 'fields' }, 'the fields') },
    global: { plugins: [createAppI18n()] },
  })
}

describe('PolicyDraftForm', () => {
  it('frames the fields with the server’s refusal, each field it named in words, and the save bar of a draft', async () => {
    const draft = fakeDraft({ message: '草稿有误', fields: { 'rules[0].points': '不能为空' }, dirty: true })
    const wrapper = mountForm(draft)
    expect(wrapper.get('[data-testid="fields"]').text()).toBe('the fields')
    expect(wrapper.get('[data-testid="policy-errors"]').text()).toContain('草稿有误')
    expect(wrapper.findAll('[data-testid="policy-error"]').map((item) => item.text())).toEqual([expect.stringContaining('field rules[0].points')])
    expect(wrapper.find('[data-testid="policy-stale"]').exists()).toBe(false)

    await wrapper.get('[data-testid="policy-save"]').trigger('click')
    await wrapper.get('[data-testid="policy-discard"]').trigger('click')
    expect(draft.save).toHaveBeenCalledTimes(1)
    expect(draft.discard).toHaveBeenCalledTimes(1)
  })

  it('says when the draft changed meanwhile, and shows no save bar for a published version', async () => {
    const draft = fakeDraft({ stale: true, readonly: true })
    const wrapper = mountForm(draft)
    await waitFor(() => expect(wrapper.find('[data-testid="policy-stale"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="policy-save"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="policy-errors"]').exists()).toBe(false)
  })
})

describe('the policy editor context', () => {
  it('hands the editor’s categories, errors, read-only state and labels to its parts', () => {
    const readonly = ref(false)
    let seen: ReturnType<typeof usePolicyEditor> | null = null
    const Part = defineComponent({ setup: () => ((seen = usePolicyEditor()), () => h('span')) })
    const Editor = defineComponent({
      setup() {
        providePolicyEditor({
          categories: ref([]),
          serverFields: ref({ name: 'required' }),
          readonly: readonly as Ref<boolean>,
          codeLabel: (key) => `code ${key}`,
          categoryLabel: (key) => `category ${key}`,
          gradeLabel: (key) => `grade ${key}`,
        })
        return () => h(Part)
      },
    })
    mount(Editor)
    expect(seen!.serverFields.value).toEqual({ name: 'required' })
    expect(seen!.codeLabel('warning')).toBe('code warning')
    readonly.value = true
    expect(seen!.readonly.value).toBe(true)
  })

  it('refuses a part used outside an editor', () => {
    const Part = defineComponent({ setup: () => (usePolicyEditor(), () => h('span')) })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(() => mount(Part)).toThrow(/outside/)
  })
})
