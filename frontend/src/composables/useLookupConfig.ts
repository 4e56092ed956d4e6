import { computed, shallowRef } from 'vue'
import { getLookupConfig, type LookupModule, type LookupPolicy, type LookupPurpose } from '@/api/lookups'
import { useBilingual } from './useBilingual'
import { useLatestRequest } from './useLatestRequest'

/**
 * The lookup policy in force (purposes, modules, limits) with labels in the
 * UI language. Loaded by each page that needs it: a new version may be
 * published at any time.
 */
export function useLookupConfig() {
  const { label, labelOf } = useBilingual()
  const config = shallowRef<LookupPolicy | null>(null)
  const { loading, error, run } = useLatestRequest()

  const purposes = computed<LookupPurpose[]>(() => config.value?.purposes ?? [])
  const modules = computed<LookupModule[]>(() => config.value?.modules ?? [])
  const purposeByKey = computed(() => new Map(purposes.value.map((purpose) => [purpose.key, purpose])))
  const moduleByKey = computed(() => new Map(modules.value.map((module) => [module.key, module])))

  const purposeLabel = labelOf(purposeByKey)
  const moduleLabel = labelOf(moduleByKey)

  /** True when granting `keys` needs a second, different approver. */
  function needsTwoApprovers(keys: readonly string[]): boolean {
    return keys.some((key) => moduleByKey.value.get(key)?.two_approvers === true)
  }

  const load = () => run(() => getLookupConfig(), (loaded) => (config.value = loaded))

  return { config, purposes, modules, purposeByKey, moduleByKey, loading, error, label, purposeLabel, moduleLabel, needsTwoApprovers, load }
}
