import type { Dispute } from '@/api/disputes'
import type { Repair } from '@/api/repairs'

/** A dispute or a repair application: the two kinds of self-service case. */
export type CaseKind = 'dispute' | 'repair'
export type AnyCase = Dispute | Repair

/** Still waiting for its source's decision. */
export function isOpen(item: AnyCase): boolean {
  return item.state === 'open' || item.state === 'pending'
}

/** The tag type of a state: waiting orange (red when overdue), a decision for the official green, one against grey. */
export function stateTagType(item: AnyCase): 'danger' | 'warning' | 'success' | 'info' | 'primary' {
  if (isOpen(item)) return item.overdue ? 'danger' : 'warning'
  if (item.state === 'upheld' || item.state === 'rejected') return 'info'
  return 'success'
}
