import { ref } from 'vue'
import { ApiError, type FieldError } from '@/api/request'
import { useApiErrorMessage } from './useApiErrorMessage'
import { useProblemText } from './useProblemText'

/**
 * Errors of a form submission: the server's field errors, ready for the
 * `error` prop of each el-form-item, the ones that name a row of a list,
 * and one message for the rest.
 */
export function useServerErrors() {
  const describe = useApiErrorMessage()
  const { byField } = useProblemText()
  const fields = ref<Record<string, string>>({})
  const message = ref('')
  /** The problems that name a row (a candidate list's), in the order sent. */
  const rows = ref<FieldError[]>([])

  function reset(): void {
    fields.value = {}
    message.value = ''
    rows.value = []
  }

  /**
   * Shows `error` on the form. Field errors go to their fields; the general
   * message is kept unless every problem has a field of its own.
   */
  function show(error: unknown): void {
    if (!(error instanceof ApiError)) throw error
    fields.value = byField(error.problems)
    message.value = describe(error)
    rows.value = error.problems.filter((problem) => typeof problem.row === 'number' && problem.row > 0)
  }

  return { fields, message, rows, reset, show }
}
