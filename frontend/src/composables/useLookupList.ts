import { onBeforeUnmount, onMounted, reactive, ref } from 'vue'
import { listLookups, type Lookup, type LookupState } from '@/api/lookups'
import { aboutLookups, useInboxStore, type InboxArrival } from '@/stores/inbox'
import { useLookupConfig } from './useLookupConfig'
import { usePagedList } from './usePagedList'

/**
 * A page of lookup requests (the approver's queue, one's own requests):
 * filtered by state (`initialState` first), loaded with the lookup policy
 * when the page opens, and again when the inbox says something arrived
 * that `arrived` cares about; the lookup picked for a dialog.
 */
export function useLookupList(initialState: LookupState | '', arrived: (news: InboxArrival) => boolean = aboutLookups) {
  const config = useLookupConfig()
  const inbox = useInboxStore()
  const filters = reactive({ state: initialState })
  const list = usePagedList<Lookup>((page, pageSize, signal) =>
    listLookups({ state: filters.state || undefined, page, page_size: pageSize }, signal),
  )
  const selected = ref<Lookup | null>(null)

  onMounted(() => {
    void config.load()
    void list.load()
  })
  onBeforeUnmount(
    inbox.onArrival((news) => {
      if (arrived(news)) void list.load()
    }),
  )

  const moduleOf = (key: string) => config.moduleByKey.value.get(key)

  return { config, inbox, filters, list, selected, moduleOf }
}
