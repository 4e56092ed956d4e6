import { nextTick, onMounted, watch, type Ref } from 'vue'
import { useRoute } from 'vue-router'

/**
 * Moves keyboard focus to the page's heading when another page opens, as a
 * full page load would start reading there: a screen reader announces the
 * new page, and Tab goes on from the top of its content. When the layout
 * first appears (after signing in, or a reload) focus goes there too, unless
 * something already holds it.
 */
export function usePageFocus(heading: Ref<HTMLElement | null>): void {
  const route = useRoute()
  const focus = () => nextTick(() => heading.value?.focus())
  onMounted(() => {
    const active = document.activeElement
    if (active === null || active === document.body) void focus()
  })
  // The path, not the query: filters kept in the address do not move focus.
  watch(() => route.path, () => void focus())
}
