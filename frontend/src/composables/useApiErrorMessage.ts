import { useI18n } from 'vue-i18n'
import type { ApiError } from '@/api/request'
import { useProblemText } from './useProblemText'

/**
 * What to tell a person about a failed request: the server's own detail
 * (it answers in the Accept-Language we send), else a local message. A 503
 * (the database is down) is said in the UI language, and for a write that
 * it was not submitted: the server applied nothing, and nothing sends it
 * again by itself.
 */
export function useApiErrorMessage() {
  const { t } = useI18n()
  const { detail } = useProblemText()
  return (error: ApiError): string => {
    if (error.isNetworkError) return t('errors.network')
    if (error.status === 503) return t(error.isWrite ? 'errors.unavailableWrite' : 'errors.unavailable')
    return detail(error) || t('errors.http', { status: error.status })
  }
}
