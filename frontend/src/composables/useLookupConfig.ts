import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { getLookupConfig, type LookupModule, type LookupPolicy, type LookupPurpose } from '@/api/lookups'
import { ApiError } from '@/api/request'
import type { Bilingual } from './useCatalogue'

/**
 * The lookup policy in force (purposes, modules, limits) with labels in the
 * UI language. Loaded by each page that needs it: a new version may be
 * published at any time.
 */
export function useLookupConfig() {
  const { locale } = useI18n()
  const config = shallowRef<LookupPolicy | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)

  const purposes = computed<LookupPurpose[]>(() => config.value?.purposes ?? [])
  const modules = computed<LookupModule[]>(() => config.value?.modules ?? [])
  const purposeByKey = computed(() => new Map(purposes.value.map((purpose) => [purpose.key, purpose])))
  const moduleByKey = computed(() => new Map(modules.value.map((module) => [module.key, module])))

  const label = (entry: Bilingual): string => (locale.value === 'en' && entry.en ? entry.en : entry.zh)

  function purposeLabel(key: string): string {
    const purpose = purposeByKey.value.get(key)
    return purpose ? label(purpose) : key
  }

  function moduleLabel(key: string): string {
    const module = moduleByKey.value.get(key)
    return module ? label(module) : key
  }

  /** True when granting `keys` needs a second, different approver. */
  function needsTwoApprovers(keys: readonly string[]): boolean {
    return keys.some((key) => moduleByKey.value.get(key)?.two_approvers === true)
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      config.value = await getLookupConfig()
      error.value = null
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught : ApiError.network(caught)
    } finally {
      loading.value = false
    }
  }

  return { config, purposes, modules, purposeByKey, moduleByKey, loading, error, label, purposeLabel, moduleLabel, needsTwoApprovers, load }
}
