import { ref, watch, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { ApiError } from '@/api/request'
import { useServerErrors } from '@/composables/useServerErrors'

/**
 * What the dispute and repair dialogs share: each opening resets the form
 * (`formRef`, the el-form's template ref) and its errors; `submit` validates, sends, closes on success, and shows
 * the server's errors on their fields, a 409 as `conflict()`.
 */
export function useCaseForm(open: Ref<boolean>, formRef: Ref<FormInstance | undefined>, reset: () => void, conflict: () => string) {
  const errors = useServerErrors()
  const saving = ref(false)

  watch(open, (isOpen) => {
    if (!isOpen) return
    reset()
    errors.reset()
    formRef.value?.clearValidate()
  })

  /** Validates (and `ready()`, a check of what the form rules cannot see), then sends. */
  async function submit<T>(send: () => Promise<T>, done: (value: T) => void, ready: () => boolean = () => true): Promise<void> {
    const valid = (await formRef.value?.validate().catch(() => false)) === true
    if (!ready() || !valid) return
    saving.value = true
    errors.reset()
    try {
      done(await send())
      open.value = false
    } catch (error) {
      errors.show(error)
      if (error instanceof ApiError && error.status === 409) errors.message.value = conflict()
    } finally {
      saving.value = false
    }
  }

  return { errors, saving, submit }
}
