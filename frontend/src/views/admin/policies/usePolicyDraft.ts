import { computed, ref, watch, type Ref } from 'vue'
import type { PolicyVersion } from '@/api/policies'
import { useServerErrors } from '@/composables/useServerErrors'
import { useStaleDraft } from './useStaleDraft'

/**
 * The life of one policy version in its editor (scoring or eligibility):
 * the form copied from the version, the note, whether it differs from what
 * is stored (told through `dirty`), save (the whole draft, PUT; the
 * server's errors to their fields; a stale draft's refusal shows its
 * notice), discard, and read-only for a published or archived version.
 */
export function usePolicyDraft<P, F>(options: {
  version: () => PolicyVersion<P>
  copy: (policy: P) => F
  same: (form: F, stored: P) => boolean
  update: (version: number, form: F, note: string, revision: string) => Promise<PolicyVersion<P>>
  saved: (version: PolicyVersion<P>) => void
  dirty: (dirty: boolean) => void
  reload: () => void
  /** After the server refused a save, with its field errors (open what they name). */
  failed?: (fields: Readonly<Record<string, string>>) => void
  /** Take a new version's content when the version given changes. */
  follow?: boolean
}) {
  const errors = useServerErrors()
  const policy = ref(options.copy(options.version().policy)) as Ref<F>
  const note = ref(options.version().note)
  const saving = ref(false)

  const readonly = computed(() => options.version().status !== 'draft')
  const dirty = computed(() => !options.same(policy.value, options.version().policy) || note.value !== options.version().note)
  watch(dirty, (value) => options.dirty(value), { immediate: true })

  function discard(): void {
    policy.value = options.copy(options.version().policy)
    note.value = options.version().note
    errors.reset()
  }

  const staleDraft = useStaleDraft(() => options.version().revision, options.reload, discard)
  if (options.follow) watch(options.version, discard)

  const fieldErrors = computed(() => errors.fields.value)

  async function save(): Promise<void> {
    errors.reset()
    saving.value = true
    try {
      const version = options.version()
      options.saved(await options.update(version.version, policy.value, note.value, version.revision))
    } catch (caught) {
      if (staleDraft.refused(caught)) return
      errors.show(caught)
      options.failed?.(errors.fields.value)
    } finally {
      saving.value = false
    }
  }

  return { errors, fieldErrors, policy, note, saving, readonly, dirty, staleDraft, save, discard }
}

/** What PolicyDraftForm shows of a draft: its notices, errors and save bar. */
export type PolicyDraft = Omit<ReturnType<typeof usePolicyDraft>, 'policy' | 'note'>
