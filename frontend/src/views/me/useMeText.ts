import { useI18n } from 'vue-i18n'
import type { EligibilityReason } from '@/api/me'

/**
 * Words for what the official's own view names by key: purposes (of the
 * eligibility policy and of lookups), the reasons a purpose is barred, the
 * roles of those who looked. The official may not read the policies, so the
 * shipped keys are labelled from the locale files and any other by its key.
 */
export function useMeText(codeLabel: (key: string) => string) {
  const { t, te } = useI18n()
  const known = (key: string, fallback: string) => (te(key) ? t(key) : fallback)

  const purposeLabel = (key: string) => (key ? known(`me.purposes.${key}`, key) : '—')
  const roleLabel = (role: string) => known(`roles.${role}`, role)
  const gradeLabel = (key: string) => known(`score.grades.${key}`, key)

  /** 受过刑事处罚：刑事判决（2021-02-14），长期 */
  function reasonText(reason: EligibilityReason): string {
    const parts: string[] = []
    if (reason.record_code) {
      parts.push(reason.decided_on ? t('me.eligibility.record', { code: codeLabel(reason.record_code), date: reason.decided_on }) : codeLabel(reason.record_code))
    }
    if (reason.min_grade) parts.push(t('me.eligibility.minGrade', { grade: gradeLabel(reason.grade ?? ''), min: gradeLabel(reason.min_grade) }))
    if (reason.until) parts.push(t('me.eligibility.until', { date: reason.until }))
    else if (reason.permanent) parts.push(t('me.eligibility.permanent'))
    else if (reason.open_ended) parts.push(t('me.eligibility.openEnded'))
    if (reason.disputed) parts.push(t('me.eligibility.disputed'))
    const label = known(`me.reasons.${reason.code}`, reason.code)
    return parts.length > 0 ? t('me.eligibility.reason', { reason: label, detail: parts.join('，') }) : label
  }

  return { purposeLabel, roleLabel, gradeLabel, reasonText }
}
