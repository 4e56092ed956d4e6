import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { getEligibilityPolicy, type EligibilityPolicy, type Purpose } from '@/api/eligibility'
import { ApiError } from '@/api/request'
import type { Bilingual } from './useCatalogue'

/**
 * The eligibility policy in force (purposes, the reasons' labels, influence
 * periods) with labels in the UI language. Loaded by each page that needs
 * it: a new version may be published at any time. A key the policy does not
 * name (a purpose or reason of an older version) is shown as it is.
 */
export function useEligibilityPolicy() {
  const { locale } = useI18n()
  const policy = shallowRef<EligibilityPolicy | null>(null)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)

  const purposes = computed<Purpose[]>(() => policy.value?.purposes ?? [])
  const purposeByKey = computed(() => new Map(purposes.value.map((purpose) => [purpose.key, purpose])))
  const reasonByKey = computed(() => new Map((policy.value?.reasons ?? []).map((reason) => [reason.key, reason])))

  const label = (entry: Bilingual): string => (locale.value === 'en' && entry.en ? entry.en : entry.zh)

  function purposeLabel(key: string): string {
    const purpose = purposeByKey.value.get(key)
    return purpose ? label(purpose) : key
  }

  function reasonLabel(key: string): string {
    const reason = reasonByKey.value.get(key)
    return reason ? label(reason) : key
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      policy.value = await getEligibilityPolicy()
      error.value = null
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught : ApiError.network(caught)
    } finally {
      loading.value = false
    }
  }

  return { policy, purposes, loading, error, purposeLabel, reasonLabel, load }
}
