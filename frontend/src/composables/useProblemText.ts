import { useI18n } from 'vue-i18n'
import type { ApiError, FieldError } from '@/api/request'

/**
 * A problem said in the UI's language: the server names each message by a
 * stable key with its values (the problems table, generated from the
 * server's own, has every key in both languages), so a message reads in
 * the language on screen even when it was written in another. A message
 * without a key, or with one this build does not know, shows as the server
 * wrote it (in the Accept-Language we sent).
 */
export function useProblemText() {
  const { t, te } = useI18n()
  const say = (key: string | undefined, params: readonly string[] | undefined, written: string): string =>
    key && te(`problems.${key}`) ? t(`problems.${key}`, [...(params ?? [])]) : written

  /** The problem's detail; '' when it has none. */
  const detail = (error: ApiError): string => say(error.detailKey, error.detailParams, error.detail)
  /** One field problem's message. */
  const message = (problem: FieldError): string => say(problem.key, problem.params, problem.message)
  /** The field problems by field (several joined by "; "), for the form items' `error`. */
  const byField = (problems: readonly FieldError[]): Record<string, string> => {
    const out: Record<string, string> = {}
    for (const problem of problems) {
      const text = message(problem)
      out[problem.field] = out[problem.field] ? `${out[problem.field]}; ${text}` : text
    }
    return out
  }
  return { detail, message, byField }
}
