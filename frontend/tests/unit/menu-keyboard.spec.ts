import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import type { Router } from 'vue-router'
import SideMenu from '@/components/layout/SideMenu.vue'
import { mountApp, waitFor } from './helpers'

/**
 * The side menu by keyboard (useMenuKeyboard): one Tab stop, the arrow keys
 * inside; collapsed, its groups pop up on a click or a key, not only on hover.
 */

/** The side menu beside a button that collapses it and a link after it, as the layout has them. */
const Shell = defineComponent({
  setup() {
    const collapsed = ref(false)
    return () =>
      h('div', [
        h('button', { 'data-testid': 'toggle', onClick: () => (collapsed.value = !collapsed.value) }, 'toggle'),
        h(SideMenu, { collapsed: collapsed.value }),
        h('a', { href: '#content', 'data-testid': 'after' }, 'content'),
      ])
  },
})

/** Whether the user sees `element`: jsdom lays nothing out, so what no v-show (display: none) hides. */
function seen(element: Element | null): boolean {
  for (let at = element; at; at = at.parentElement) if ((at as HTMLElement).style?.display === 'none') return false
  return element !== null
}

const text = (element: Element | null | undefined) => element?.textContent?.trim() ?? ''
/** What has the keyboard's focus, by its text. */
const focused = () => text(document.activeElement)
/** The items of the menu that can be reached by Tab. */
const tabStops = (wrapper: VueWrapper) => wrapper.findAll('[tabindex="0"]').map((stop) => text(stop.element))
const title = (wrapper: VueWrapper) => wrapper.get<HTMLElement>('[data-testid="menu-group-admin"] .el-sub-menu__title')
/** The pages the collapsed menu's pop-ups show. */
const popup = () => [...document.querySelectorAll('.el-menu--popup li.el-menu-item')].filter(seen).map(text)

/** Presses `key` where the focus is, as the browser sends it; whether the page took it (its default prevented). */
async function press(key: string): Promise<boolean> {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
  ;(document.activeElement ?? document.body).dispatchEvent(event)
  await flushPromises()
  return event.defaultPrevented
}

const USERS_PAGES = ['用户管理', '部门管理', '公职人员', '数据来源', '记录目录', '接口客户端']

async function openMenu(collapsed: boolean): Promise<{ wrapper: VueWrapper; router: Router }> {
  const { wrapper, router } = await mountApp(Shell, { path: '/admin/users', roles: ['admin'] })
  if (collapsed) {
    await wrapper.get('[data-testid="toggle"]').trigger('click')
    await waitFor(() => expect(wrapper.find('.el-menu--collapse').exists()).toBe(true))
  }
  return { wrapper, router }
}

beforeEach(() => {
  vi.spyOn(Element.prototype, 'getClientRects').mockImplementation(function (this: Element) {
    return (seen(this) ? [new DOMRect(0, 0, 100, 20)] : []) as unknown as DOMRectList
  })
})

describe('the side menu by keyboard', () => {
  it('is one Tab stop, on the current page, with every group a menu item that says whether it is open', async () => {
    const { wrapper } = await openMenu(false)
    expect(tabStops(wrapper)).toEqual(['用户管理'])
    expect(title(wrapper).attributes()).toMatchObject({ role: 'menuitem', 'aria-haspopup': 'true', 'aria-expanded': 'true' })
    expect(wrapper.get('[data-testid="menu-group-admin"]').attributes('role')).toBe('none')
  })

  it('goes through the items with Up, Down, Home and End, round at either end, the Tab stop following', async () => {
    const { wrapper } = await openMenu(false)
    wrapper.get<HTMLElement>('[data-testid="menu-/admin/users"]').element.focus()
    expect(await press('ArrowDown')).toBe(true)
    expect(focused()).toBe('部门管理')
    expect(tabStops(wrapper)).toEqual(['部门管理'])
    await press('End')
    expect(focused()).toBe('接口客户端')
    await press('ArrowDown')
    expect(focused()).toBe('首页')
    await press('ArrowUp')
    expect(focused()).toBe('接口客户端')
    await press('Home')
    expect(focused()).toBe('首页')
    await press('ArrowDown')
    expect(focused()).toBe('系统管理')
  })

  it('closes a group with Left, skips its hidden items, opens it with Right and enters it with Right again', async () => {
    const { wrapper } = await openMenu(false)
    wrapper.get<HTMLElement>('[data-testid="menu-/admin/departments"]').element.focus()
    await press('ArrowLeft')
    expect(focused()).toBe('系统管理')
    await press('ArrowLeft')
    expect(title(wrapper).attributes('aria-expanded')).toBe('false')
    expect(seen(wrapper.get('[data-testid="menu-/admin/users"]').element)).toBe(false)
    await press('ArrowDown')
    expect(focused()).toBe('首页')
    await press('ArrowUp')
    await press('ArrowRight')
    expect(title(wrapper).attributes('aria-expanded')).toBe('true')
    expect(focused()).toBe('系统管理')
    await press('ArrowRight')
    expect(focused()).toBe('用户管理')
  })

  it('toggles a group with Enter or Space and opens a page with Enter', async () => {
    const { wrapper, router } = await openMenu(false)
    title(wrapper).element.focus()
    await press(' ')
    expect(title(wrapper).attributes('aria-expanded')).toBe('false')
    await press('Enter')
    expect(title(wrapper).attributes('aria-expanded')).toBe('true')
    await press('End')
    await press('Enter')
    await waitFor(() => expect(router.currentRoute.value.path).toBe('/admin/clients'))
  })

  it('leaves the keys it does not use, and Escape on an open group of the expanded menu, to the page', async () => {
    const { wrapper } = await openMenu(false)
    title(wrapper).element.focus()
    expect(await press('Escape')).toBe(false)
    expect(await press('a')).toBe(false)
    expect(title(wrapper).attributes('aria-expanded')).toBe('true')
  })
})

describe('the collapsed side menu', () => {
  it('opens a group’s pop-up on a click, not only on hover', async () => {
    const { wrapper } = await openMenu(true)
    expect(popup()).toEqual([])
    expect(title(wrapper).attributes('aria-expanded')).toBe('false')
    await title(wrapper).trigger('click')
    await waitFor(() => expect(popup()).toEqual(USERS_PAGES))
    expect(title(wrapper).attributes('aria-expanded')).toBe('true')
    // A second click leaves it open (the pointer may have opened it already by hovering).
    await title(wrapper).trigger('click')
    expect(popup()).toEqual(USERS_PAGES)
  })

  it.each(['Enter', ' ', 'ArrowRight'])('opens the pop-up with %j and takes focus to its first page', async (key) => {
    const { wrapper } = await openMenu(true)
    title(wrapper).element.focus()
    expect(await press(key)).toBe(true)
    await waitFor(() => expect(focused()).toBe('用户管理'))
    expect(popup()).toEqual(USERS_PAGES)
    expect(document.activeElement?.closest('ul')?.getAttribute('role')).toBe('menu')
    expect(title(wrapper).attributes('aria-expanded')).toBe('true')
  })

  it('goes through the pop-up’s pages with Up, Down, Home and End, round at either end', async () => {
    const { wrapper } = await openMenu(true)
    title(wrapper).element.focus()
    await press('Enter')
    await waitFor(() => expect(focused()).toBe('用户管理'))
    await press('ArrowDown')
    expect(focused()).toBe('部门管理')
    await press('ArrowUp')
    await press('ArrowUp')
    expect(focused()).toBe('接口客户端')
    await press('Home')
    expect(focused()).toBe('用户管理')
    await press('End')
    expect(focused()).toBe('接口客户端')
    await press('ArrowDown')
    expect(focused()).toBe('用户管理')
  })

  it.each(['Escape', 'ArrowLeft'])('closes the pop-up with %j, focus back on the group', async (key) => {
    const { wrapper } = await openMenu(true)
    title(wrapper).element.focus()
    await press('Enter')
    await waitFor(() => expect(focused()).toBe('用户管理'))
    await press('ArrowDown')
    expect(await press(key)).toBe(true)
    await waitFor(() => expect(popup()).toEqual([]))
    expect(document.activeElement).toBe(title(wrapper).element)
    expect(title(wrapper).attributes('aria-expanded')).toBe('false')
    expect(tabStops(wrapper)).toEqual(['系统管理'])
  })

  it('closes an open pop-up with Escape or Left on its group too', async () => {
    const { wrapper } = await openMenu(true)
    await title(wrapper).trigger('click')
    await waitFor(() => expect(popup()).toEqual(USERS_PAGES))
    title(wrapper).element.focus()
    await press('Escape')
    await waitFor(() => expect(popup()).toEqual([]))
    await title(wrapper).trigger('click')
    await waitFor(() => expect(popup()).toEqual(USERS_PAGES))
    await press('ArrowLeft')
    await waitFor(() => expect(popup()).toEqual([]))
    expect(document.activeElement).toBe(title(wrapper).element)
  })

  it('opens a page of the pop-up with Enter, and the pop-up closes', async () => {
    const { wrapper, router } = await openMenu(true)
    title(wrapper).element.focus()
    await press('ArrowRight')
    await waitFor(() => expect(focused()).toBe('用户管理'))
    await press('ArrowDown')
    await press('Enter')
    await waitFor(() => expect(router.currentRoute.value.path).toBe('/admin/departments'))
    await waitFor(() => expect(popup()).toEqual([]))
    // Without a page heading to take it (the layout's), focus is on the group, not lost.
    expect(document.activeElement).toBe(title(wrapper).element)
  })

  it('closes the pop-up on Tab and lets Tab go on from its group', async () => {
    const { wrapper } = await openMenu(true)
    title(wrapper).element.focus()
    await press('Enter')
    await waitFor(() => expect(focused()).toBe('用户管理'))
    expect(await press('Tab')).toBe(false)
    await waitFor(() => expect(popup()).toEqual([]))
    expect(document.activeElement).toBe(title(wrapper).element)
  })

  it('goes between its items with Up and Down as the expanded menu does', async () => {
    const { wrapper } = await openMenu(true)
    const home = wrapper.get('[data-testid="menu-"]').element
    title(wrapper).element.focus()
    await press('ArrowUp')
    expect(document.activeElement).toBe(home)
    expect(home.getAttribute('tabindex')).toBe('0')
    await press('ArrowDown')
    expect(document.activeElement).toBe(title(wrapper).element)
    expect(tabStops(wrapper)).toEqual(['系统管理'])
  })

  it('opens and closes its groups in place again once expanded, by click and by key, with no pop-up', async () => {
    const { wrapper } = await openMenu(true)
    await wrapper.get('[data-testid="toggle"]').trigger('click')
    await waitFor(() => expect(wrapper.find('.el-menu--collapse').exists()).toBe(false))
    // The group of the current page opens again.
    await waitFor(() => expect(title(wrapper).attributes('aria-expanded')).toBe('true'))
    await title(wrapper).trigger('click')
    await waitFor(() => expect(title(wrapper).attributes('aria-expanded')).toBe('false'))
    expect(seen(wrapper.get('[data-testid="menu-/admin/users"]').element)).toBe(false)
    title(wrapper).element.focus()
    await press('Enter')
    await waitFor(() => expect(title(wrapper).attributes('aria-expanded')).toBe('true'))
    expect(seen(wrapper.get('[data-testid="menu-/admin/users"]').element)).toBe(true)
    expect(document.activeElement).toBe(title(wrapper).element)
    expect(popup()).toEqual([])
  })
})
