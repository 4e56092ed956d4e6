import { useI18n } from 'vue-i18n'
import type { ApiError } from '@/api/request'

/**
 * What to tell a person about a failed request: the server's own detail
 * (it answers in the Accept-Language we send), else a local message.
 */
export function useApiErrorMessage() {
  const { t } = useI18n()
  return (error: ApiError): string => {
    if (error.isNetworkError) return t('errors.network')
    return error.detail || t('errors.http', { status: error.status })
  }
}
