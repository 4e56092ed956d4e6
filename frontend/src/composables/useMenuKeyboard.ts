import { nextTick, onBeforeUnmount, onMounted, type Ref } from 'vue'

/** The menu's items and group titles, in order, as Element Plus renders the vertical menu. */
const ITEMS = 'li.el-menu-item, .el-sub-menu__title'

/** What opens and closes a group of the collapsed menu, whose groups pop up beside it. */
export interface MenuPopups {
  /** Opens the group of this index (its list item's data-index). */
  open: (index: string) => void
  /** Closes it. */
  close: (index: string) => void
}

/**
 * The side menu by keyboard. Element Plus's vertical menu leaves every item
 * out of the Tab order and reads no keys; this makes it one Tab stop (the
 * current page's item, else the first) moved with the arrow keys, as a
 * vertical menu bar: Up and Down (Home, End) go through the items shown,
 * Right opens a group and Left closes it (or goes from an item to its
 * group), Enter and Space open the item or toggle the group. A group's title
 * is its menu item, with aria-expanded; its list item is only structure.
 *
 * Collapsed, the menu shows its groups' items in a pop-up beside it, which
 * Element Plus opens only on hover. With `popups` a click on a group's title
 * opens it too, and so do Enter, Space and Right, which also take focus to
 * its first item; in the pop-up Up and Down (Home, End) go through its
 * items, Enter and Space open one, and Escape and Left close it, giving
 * focus back to the title, as Tab does before moving on. Each group's list
 * item names its index in data-index.
 */
export function useMenuKeyboard(root: Ref<HTMLElement | null>, popups?: MenuPopups): void {
  let observer: MutationObserver | null = null
  /** The title whose pop-up the keyboard went into: focus comes back to it when the pop-up closes. */
  let entered: HTMLElement | null = null

  const items = (): HTMLElement[] => [...(root.value?.querySelectorAll<HTMLElement>(ITEMS) ?? [])]
  const shown = (): HTMLElement[] => items().filter((item) => item.getClientRects().length > 0)
  const groupOf = (item: HTMLElement): HTMLElement | null => item.closest<HTMLElement>('li.el-sub-menu')
  const isTitle = (item: HTMLElement): boolean => item.classList.contains('el-sub-menu__title')
  const isOpen = (title: HTMLElement): boolean => groupOf(title)?.classList.contains('is-opened') ?? false
  const collapsed = (): boolean => popups !== undefined && root.value?.querySelector('.el-menu--collapse') !== null
  /** The pop-up of an open group: Element Plus names it in its title's aria-describedby. */
  const popupOf = (title: HTMLElement): HTMLElement | null => {
    const id = title.getAttribute('aria-describedby')
    return id ? document.getElementById(id) : null
  }
  /** The title whose pop-up holds `element`, if any. */
  const titleOf = (element: HTMLElement): HTMLElement | null => {
    const popup = element.closest<HTMLElement>('.el-popper')
    if (!popup?.id) return null
    return [...(root.value?.querySelectorAll<HTMLElement>('.el-sub-menu__title') ?? [])].find((title) => title.getAttribute('aria-describedby') === popup.id) ?? null
  }
  const popupItems = (popup: HTMLElement | null): HTMLElement[] => [...(popup?.querySelectorAll<HTMLElement>('li.el-menu-item') ?? [])]

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
    // A pop-up that closed around the focus (the mouse left it, an item was opened) gives it back to its title.
    if (entered && !isOpen(entered)) {
      const title = entered
      entered = null
      const active = document.activeElement
      if (root.value?.contains(title) && (active === null || active === document.body || active.closest('.el-popper') !== null)) move(title)
    }
  }

  function move(to: HTMLElement | undefined): void {
    if (!to) return
    for (const item of items()) item.setAttribute('tabindex', item === to ? '0' : '-1')
    to.focus()
  }

  /** Opens the group of `title` beside the collapsed menu, closing any other pop-up. */
  function openPopup(title: HTMLElement): void {
    for (const other of root.value?.querySelectorAll<HTMLElement>('li.el-sub-menu.is-opened') ?? []) {
      if (other !== groupOf(title) && other.dataset.index) popups?.close(other.dataset.index)
    }
    const index = groupOf(title)?.dataset.index
    if (index && !isOpen(title)) popups?.open(index)
  }

  /** Opens the pop-up and takes focus to its first item. */
  async function enterPopup(title: HTMLElement): Promise<void> {
    openPopup(title)
    await nextTick()
    const popup = popupOf(title)
    const first = popupItems(popup)[0]
    if (!first) return
    popup?.querySelector('ul')?.setAttribute('role', 'menu')
    entered = title
    first.focus()
  }

  /** Closes the pop-up of `title`, focus back on the title. */
  function closePopup(title: HTMLElement): void {
    entered = null
    const index = groupOf(title)?.dataset.index
    if (index) popups?.close(index)
    move(title)
  }

  function onKeydown(event: KeyboardEvent): void {
    const current = (event.target as HTMLElement | null)?.closest<HTMLElement>(ITEMS)
    if (!current || !root.value?.contains(current)) return
    const list = shown()
    const at = list.indexOf(current)
    const group = isTitle(current) ? groupOf(current) : null
    const open = group?.classList.contains('is-opened') ?? false
    const popup = group !== null && collapsed()
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
        if (popup) void enterPopup(current)
        else if (group && !open) current.click()
        else if (group) move(list[at + 1])
        break
      case 'ArrowLeft':
        if (popup && open) closePopup(current)
        else if (group && open) current.click()
        else if (!group) {
          const parent = groupOf(current)?.querySelector<HTMLElement>(':scope > .el-sub-menu__title')
          if (parent) move(parent)
        }
        break
      case 'Escape':
        if (!(popup && open)) return
        closePopup(current)
        break
      case 'Enter':
      case ' ':
        if (popup) void enterPopup(current)
        else current.click()
        break
      default:
        return
    }
    event.preventDefault()
  }

  /** The keys in a pop-up of the collapsed menu, which Element Plus puts at the end of the page, outside the menu. */
  function onPopupKeydown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null
    const current = target?.closest<HTMLElement>('li.el-menu-item')
    const title = current ? titleOf(current) : null
    if (!current || !title) return
    const list = popupItems(popupOf(title))
    const at = list.indexOf(current)
    switch (event.key) {
      case 'ArrowDown':
        list[(at + 1) % list.length]?.focus()
        break
      case 'ArrowUp':
        list[(at - 1 + list.length) % list.length]?.focus()
        break
      case 'Home':
        list[0]?.focus()
        break
      case 'End':
        list[list.length - 1]?.focus()
        break
      case 'Enter':
      case ' ':
        // The page opens (and its heading takes focus); the same page, focus stays on the title.
        current.click()
        move(title)
        break
      case 'Escape':
      case 'ArrowLeft':
        closePopup(title)
        break
      case 'Tab':
        // Tab goes on from the title, to what follows (or precedes) the menu;
        // this runs first (capture), so the pop-up's own focus trap lets it.
        closePopup(title)
        return
      default:
        return
    }
    event.preventDefault()
  }

  /** A click on a collapsed group's title opens its pop-up, as hovering does. */
  function onClick(event: MouseEvent): void {
    const title = (event.target as HTMLElement | null)?.closest<HTMLElement>('.el-sub-menu__title')
    if (title && root.value?.contains(title) && collapsed()) openPopup(title)
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
    if (popups) {
      element.addEventListener('click', onClick)
      document.addEventListener('keydown', onPopupKeydown, true)
    }
    // Items come and go with the permissions, groups open and close, the current page changes.
    observer = new MutationObserver(sync)
    observer.observe(element, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] })
    sync()
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    root.value?.removeEventListener('keydown', onKeydown)
    root.value?.removeEventListener('focusin', onFocusin)
    root.value?.removeEventListener('click', onClick)
    document.removeEventListener('keydown', onPopupKeydown, true)
  })
}
