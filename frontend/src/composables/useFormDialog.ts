import { ref, useTemplateRef, watch, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { useServerErrors } from './useServerErrors'

/**
 * The life of a form dialog: each time it opens, the server's errors and the
 * form's own are cleared and `fill` sets the fields; `submit` validates,
 * saves (the server's field errors go to their fields), tells `saved` and
 * closes. Used with FormDialog.vue; the dialog's ElForm has ref="dialogForm".
 */
export function useFormDialog<T>(open: Ref<boolean>, options: { fill: () => void; save: () => Promise<T>; saved: (value: T) => void }) {
  const errors = useServerErrors()
  const formRef = useTemplateRef<FormInstance>('dialogForm')
  const saving = ref(false)

  watch(open, (isOpen) => {
    if (!isOpen) return
    errors.reset()
    options.fill()
    formRef.value?.clearValidate()
  })

  async function submit(): Promise<void> {
    if (formRef.value && !(await formRef.value.validate().catch(() => false))) return
    saving.value = true
    errors.reset()
    try {
      options.saved(await options.save())
      open.value = false
    } catch (error) {
      errors.show(error)
    } finally {
      saving.value = false
    }
  }

  return { errors, saving, submit }
}
