import { onBeforeUnmount, onMounted, watch } from 'vue'
import { useI18n } from 'vue-i18n'

const MARK = 'data-error-linked'
let next = 0

/**
 * Ties a form item's error message to its fields: Element Plus shows the
 * message under the field (and announces it) but a screen reader coming back
 * to the field hears nothing of it. While the item shows an error its inputs
 * get aria-invalid and aria-describedby naming the message; when the error
 * goes, so do they.
 */
function linkFieldErrors(): void {
  const linked = new Set<Element>()
  for (const item of document.querySelectorAll('.el-form-item.is-error')) {
    // Its own message and fields, not those of a form item inside it.
    const own = (element: Element) => element.closest('.el-form-item') === item
    const error = [...item.querySelectorAll<HTMLElement>('.el-form-item__error')].find(own)
    if (!error) continue
    if (!error.id) error.id = `field-error-${++next}`
    for (const field of item.querySelectorAll('.el-form-item__content :is(input:not([type="hidden"]), textarea, [role="combobox"])')) {
      if (!own(field)) continue
      linked.add(field)
      if (field.getAttribute('aria-describedby') === error.id) continue
      field.setAttribute('aria-describedby', error.id)
      field.setAttribute('aria-invalid', 'true')
      field.setAttribute(MARK, '')
    }
  }
  for (const field of document.querySelectorAll(`[${MARK}]`)) {
    if (linked.has(field)) continue
    field.removeAttribute('aria-describedby')
    field.removeAttribute('aria-invalid')
    field.removeAttribute(MARK)
  }
}

/** Names every pager's page-size select, which Element Plus leaves nameless and takes no name for. */
function nameSizeSelects(label: string): void {
  for (const input of document.querySelectorAll('.el-pagination__sizes input')) {
    if (input.getAttribute('aria-label') !== label) input.setAttribute('aria-label', label)
  }
}

/**
 * What Element Plus leaves out for screen readers, added across the app as
 * its components appear and change (docs/ACCESSIBILITY.md): field errors
 * tied to their fields, pagers' page-size selects named in the language
 * shown. The work is gathered into one pass an animation frame.
 */
export function useElementA11y(): void {
  const { t, locale } = useI18n()
  let observer: MutationObserver | null = null
  let queued = false

  function pass(): void {
    queued = false
    linkFieldErrors()
    nameSizeSelects(t('common.pageSizeLabel'))
  }
  function schedule(): void {
    if (queued) return
    queued = true
    requestAnimationFrame(pass)
  }

  onMounted(() => {
    observer = new MutationObserver(schedule)
    // Nodes added and removed only (an error's message comes and goes with
    // its item's state); class changes happen on every hover and would cost.
    observer.observe(document.body, { childList: true, subtree: true })
    schedule()
  })
  watch(locale, schedule)
  onBeforeUnmount(() => observer?.disconnect())
}
