import { computed, ref, shallowRef } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import { useI18n } from 'vue-i18n'
import type { PolicyStatus, PolicyVersion, PolicyVersionsApi, PublishResult } from '@/api/policies'
import { ApiError } from '@/api/request'
import { useApiErrorMessage } from '@/composables/useApiErrorMessage'
import { useLatestRequest } from '@/composables/useLatestRequest'

export const STATUS_TYPES: Record<PolicyStatus, 'warning' | 'success' | 'info'> = { draft: 'warning', published: 'success', archived: 'info' }

export interface PublishTexts {
  title: string
  /** The confirmation, naming the version to publish and the one it replaces. */
  confirm: (version: number, from: number | string) => string
  done: (version: number) => string
}

/**
 * The versions of one policy kind as an admin page works with them: the
 * list (the draft, the version in force, the archived ones), the one
 * selected, a new draft from the version in force (one at a time), a saved
 * draft put back into the list, and publication after a confirmation.
 * `onChange` runs whenever another version is shown or the shown one
 * changes (to drop what was worked out for the previous one).
 */
export function usePolicyVersions<P extends { name: string }>(api: PolicyVersionsApi<P>, onChange: () => void = () => {}) {
  const { t } = useI18n()
  const describe = useApiErrorMessage()

  const versions = shallowRef<PolicyVersion<P>[]>([])
  const { loading, error, run } = useLatestRequest()
  const selected = ref<number | null>(null)
  const busy = ref(false)

  const current = computed(() => versions.value.find((version) => version.version === selected.value) ?? null)
  const draft = computed(() => versions.value.find((version) => version.status === 'draft') ?? null)
  const inForce = computed(() => versions.value.find((version) => version.status === 'published') ?? null)

  function load(select?: number): Promise<void> {
    return run(
      () => api.list(),
      (page) => {
        versions.value = page.items ?? []
        const keep = select ?? selected.value
        selected.value = versions.value.some((version) => version.version === keep)
          ? keep
          : (draft.value ?? inForce.value ?? versions.value[0])?.version ?? null
      },
    )
  }

  function select(version: PolicyVersion<P>): void {
    if (version.version === selected.value) return
    selected.value = version.version
    onChange()
  }

  function fail(caught: unknown): void {
    if (!(caught instanceof ApiError)) throw caught
    ElMessage.error(describe(caught))
  }

  async function newDraft(): Promise<void> {
    busy.value = true
    try {
      const created = await api.createDraft('')
      ElMessage.success(t('policies.draftCreated', { version: created.version }))
      onChange()
      await load(created.version)
    } catch (caught) {
      fail(caught)
    } finally {
      busy.value = false
    }
  }

  function onSaved(saved: PolicyVersion<P>): void {
    versions.value = versions.value.map((version) => (version.version === saved.version ? saved : version))
    onChange()
    ElMessage.success(t('policies.saved', { version: saved.version }))
  }

  /** Publishes the version shown once confirmed; null when cancelled or refused. */
  async function publish(texts: PublishTexts): Promise<PublishResult | null> {
    const version = current.value
    if (!version) return null
    try {
      await ElMessageBox.confirm(texts.confirm(version.version, inForce.value?.version ?? '—'), texts.title, {
        type: 'warning',
        confirmButtonText: t('policies.publish'),
        cancelButtonText: t('common.actions.cancel'),
      })
    } catch {
      return null // cancelled
    }
    busy.value = true
    try {
      const published = await api.publish(version.version)
      ElMessage.success(texts.done(published.version))
      await load(published.version)
      return published
    } catch (caught) {
      fail(caught)
      return null
    } finally {
      busy.value = false
    }
  }

  return { versions, loading, error, selected, busy, current, draft, inForce, load, select, newDraft, onSaved, publish, fail }
}
