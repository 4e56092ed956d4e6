import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import type { Report } from '@/api/reports'
import { useSessionStore } from './session'

/**
 * Reports issued in this tab that no endpoint reads back for the issuer (a
 * discipline report inside a lookup): kept in memory only, so the issued
 * sheet can be shown and printed, and forgotten when the user changes or
 * signs out.
 */
export const useReportsStore = defineStore('reports', () => {
  const session = useSessionStore()
  const issued = shallowRef(new Map<number, Report>())

  watch(
    () => session.username,
    () => (issued.value = new Map()),
  )

  function keep(report: Report): void {
    issued.value = new Map(issued.value).set(report.id, report)
  }

  const get = (id: number): Report | undefined => issued.value.get(id)

  return { issued, keep, get }
})
