import { ref } from 'vue'
import { ApiError } from '@/api/request'
import { useApiErrorMessage } from './useApiErrorMessage'

/**
 * Errors of a form submission: the server's field errors, ready for the
 * `error` prop of each el-form-item, and one message for the rest.
 */
export function useServerErrors() {
  const describe = useApiErrorMessage()
  const fields = ref<Record<string, string>>({})
  const message = ref('')

  function reset(): void {
    fields.value = {}
    message.value = ''
  }

  /**
   * Shows `error` on the form. Field errors go to their fields; the general
   * message is kept unless every problem has a field of its own.
   */
  function show(error: unknown): void {
    if (!(error instanceof ApiError)) throw error
    fields.value = { ...error.fieldErrors }
    message.value = describe(error)
  }

  return { fields, message, reset, show }
}
