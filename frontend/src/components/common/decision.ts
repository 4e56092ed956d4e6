/** What an approver or a clerk does with a request: grant it or turn it down. */
export const DECISIONS = ['approve', 'reject'] as const
export type Decision = (typeof DECISIONS)[number]
