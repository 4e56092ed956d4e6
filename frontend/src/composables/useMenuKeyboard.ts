import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/** The menu's items and group titles, in order, as Element Plus renders the vertical menu. */
const ITEMS = 'li.el-menu-item, .el-sub-menu__title'

/**
 * The side menu by keyboard. Element Plus's vertical menu leaves every item
 * out of the Tab order and reads no keys; this makes it one Tab stop (the
 * current page's item, else the first) moved with the arrow keys, as a
 * vertical menu bar: Up and Down (Home, End) go through the items shown,
 * Right opens a group and Left closes it (or goes from an item to its
 * group), Enter and Space open the item or toggle the group. A group's title
 * is its menu item, with aria-expanded; its list item is only structure.
 */
export function useMenuKeyboard(root: Ref<HTMLElement | null>): void {
  let observer: MutationObserver | null = null

  const items = (): HTMLElement[] => [...(root.value?.querySelectorAll<HTMLElement>(ITEMS) ?? [])]
  const shown = (): HTMLElement[] => items().filter((item) => item.getClientRects().length > 0)
  const groupOf = (item: HTMLElement): HTMLElement | null => item.closest<HTMLElement>('li.el-sub-menu')
  const isTitle = (item: HTMLElement): boolean => item.classList.contains('el-sub-menu__title')

  /** Roles, expanded states and the single Tab stop, after every change of the menu. */
  function sync(): void {
    const all = items()
    if (all.length === 0) return
    for (const group of root.value?.querySelectorAll<HTMLElement>('li.el-sub-menu') ?? []) {
      group.setAttribute('role', 'none')
      group.removeAttribute('aria-haspopup')
      group.removeAttribute('aria-expanded')
      const title = group.querySelector<HTMLElement>(':scope > .el-sub-menu__title')
      if (!title) continue
      title.setAttribute('role', 'menuitem')
      title.setAttribute('aria-haspopup', 'true')
      title.setAttribute('aria-expanded', String(group.classList.contains('is-opened')))
    }
    const focused = all.find((item) => item === document.activeElement)
    const stop = focused ?? all.find((item) => item.classList.contains('is-active') && item.getClientRects().length > 0) ?? shown()[0] ?? all[0]
    for (const item of all) item.setAttribute('tabindex', item === stop ? '0' : '-1')
  }

  function move(to: HTMLElement | undefined): void {
    if (!to) return
    for (const item of items()) item.setAttribute('tabindex', item === to ? '0' : '-1')
    to.focus()
  }

  function onKeydown(event: KeyboardEvent): void {
    const current = (event.target as HTMLElement | null)?.closest<HTMLElement>(ITEMS)
    if (!current || !root.value?.contains(current)) return
    const list = shown()
    const at = list.indexOf(current)
    const group = isTitle(current) ? groupOf(current) : null
    const open = group?.classList.contains('is-opened') ?? false
    switch (event.key) {
      case 'ArrowDown':
        move(list[(at + 1) % list.length])
        break
      case 'ArrowUp':
        move(list[(at - 1 + list.length) % list.length])
        break
      case 'Home':
        move(list[0])
        break
      case 'End':
        move(list[list.length - 1])
        break
      case 'ArrowRight':
        if (group && !open) current.click()
        else if (group) move(list[at + 1])
        break
      case 'ArrowLeft':
        if (group && open) current.click()
        else if (!group) {
          const parent = groupOf(current)?.querySelector<HTMLElement>(':scope > .el-sub-menu__title')
          if (parent) move(parent)
        }
        break
      case 'Enter':
      case ' ':
        current.click()
        break
      default:
        return
    }
    event.preventDefault()
  }

  function onFocusin(event: FocusEvent): void {
    const current = (event.target as HTMLElement | null)?.closest<HTMLElement>(ITEMS)
    if (current) for (const item of items()) item.setAttribute('tabindex', item === current ? '0' : '-1')
  }

  onMounted(() => {
    const element = root.value
    if (!element) return
    element.addEventListener('keydown', onKeydown)
    element.addEventListener('focusin', onFocusin)
    // Items come and go with the permissions, groups open and close, the current page changes.
    observer = new MutationObserver(sync)
    observer.observe(element, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] })
    sync()
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    root.value?.removeEventListener('keydown', onKeydown)
    root.value?.removeEventListener('focusin', onFocusin)
  })
}
