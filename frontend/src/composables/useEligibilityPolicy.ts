import { computed, shallowRef } from 'vue'
import { getEligibilityPolicy, type EligibilityPolicy, type Purpose } from '@/api/eligibility'
import { useBilingual } from './useBilingual'
import { useLatestRequest } from './useLatestRequest'

/**
 * The eligibility policy in force (purposes, the reasons' labels, influence
 * periods) with labels in the UI language. Loaded by each page that needs
 * it: a new version may be published at any time. A key the policy does not
 * name (a purpose or reason of an older version) is shown as it is.
 */
export function useEligibilityPolicy() {
  const { labelOf } = useBilingual()
  const policy = shallowRef<EligibilityPolicy | null>(null)
  const { loading, error, run } = useLatestRequest()

  const purposes = computed<Purpose[]>(() => policy.value?.purposes ?? [])
  const purposeByKey = computed(() => new Map(purposes.value.map((purpose) => [purpose.key, purpose])))
  const reasonByKey = computed(() => new Map((policy.value?.reasons ?? []).map((reason) => [reason.key, reason])))

  const purposeLabel = labelOf(purposeByKey)
  const reasonLabel = labelOf(reasonByKey)
  const load = () => run(() => getEligibilityPolicy(), (loaded) => (policy.value = loaded))

  return { policy, purposes, loading, error, purposeLabel, reasonLabel, load }
}
