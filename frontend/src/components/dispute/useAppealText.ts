import { useI18n } from 'vue-i18n'
import type { Appeal } from '@/api/appeals'

/**
 * Words for a review or appeal (复审、复核、申诉): its due line and its
 * outcome, for the clerk's list and the official's cases alike.
 */
export function useAppealText(codeLabel: (key: string) => string) {
  const { t } = useI18n()

  /** 须于 2026-07-01 前作出结果, or the passed day when overdue. */
  function dueText(appeal: Appeal): string {
    if (appeal.state !== 'open') return appeal.due_on
    return appeal.overdue ? t('appeals.due.overdue', { date: appeal.due_on }) : t('appeals.due.on', { date: appeal.due_on })
  }

  /** 撤销处分（2026-05-01）· 文号 … · 改为 警告 · 影响期 6 个月 · 记录更新为第 2 版 */
  function outcomeText(appeal: Appeal): string {
    if (appeal.state === 'open' || !appeal.outcome) return t('appeals.outcome.awaiting')
    const parts = [t('appeals.outcome.line', { outcome: t(`appeals.outcomeLong.${appeal.outcome}`), date: appeal.decided_on ?? '—' })]
    if (appeal.document_no) parts.push(t('appeals.outcome.document', { document: appeal.document_no }))
    if (appeal.outcome === 'changed') {
      if (appeal.new_code) parts.push(t('appeals.outcome.newCode', { code: codeLabel(appeal.new_code) }))
      if (appeal.new_period_months) parts.push(t('appeals.outcome.newPeriod', { months: appeal.new_period_months }))
    }
    if (appeal.outcome !== 'upheld' && appeal.record_version > 0) parts.push(t('appeals.outcome.version', { version: appeal.record_version }))
    return parts.join(' · ')
  }

  return { dueText, outcomeText }
}
