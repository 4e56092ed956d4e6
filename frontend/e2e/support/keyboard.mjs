// Driving the app by keyboard alone, and reading where focus is, as a
// person watching the focus ring would see it.

/**
 * The data-testid of the focused element or its nearest ancestor that has
 * one ('' when focus is on the page itself).
 *
 * @param {import('playwright-core').Page} page
 */
export function focusedId(page) {
  return page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? '')
}

/**
 * Presses Tab (Shift+Tab with `back`) until focus is inside the element
 * with data-testid `id` (or one matching `id` as a RegExp); fails with the
 * stops passed when it does not come within `max` presses.
 *
 * @param {import('playwright-core').Page} page
 * @param {string | RegExp} id
 * @param {{ back?: boolean, max?: number }} [options]
 */
export async function tabTo(page, id, { back = false, max = 120 } = {}) {
  const passed = []
  const matches = (found) => (typeof id === 'string' ? found === id : id.test(found))
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    const found = await page.evaluate((wanted) => {
      const active = document.activeElement
      if (!active) return ''
      if (typeof wanted === 'string' && active.closest(`[data-testid="${wanted}"]`)) return wanted
      return active.closest('[data-testid]')?.getAttribute('data-testid') ?? active.tagName.toLowerCase()
    }, typeof id === 'string' ? id : null)
    if (matches(found)) return found
    passed.push(found)
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} did not reach ${id} in ${max} presses; it went through: ${passed.join(', ')}`)
}

/**
 * Presses `key` until the focused element's data-testid is `id`.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} key
 * @param {string} id
 */
export async function pressUntil(page, key, id, max = 40) {
  const passed = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key)
    const found = await focusedId(page)
    if (found === id) return
    passed.push(found)
  }
  throw new Error(`${key} did not reach ${id} in ${max} presses; it went through: ${passed.join(', ')}`)
}

/**
 * The focus ring around the focused element (its outline, or that of the
 * field box around an input): width in px, and its contrast with what is
 * behind it (WCAG's ratio, 1 to 21). Null when nothing shows focus.
 *
 * @param {import('playwright-core').Page} page
 */
export function focusRing(page) {
  return page.evaluate(() => {
    const rgb = (color) => (color.match(/[\d.]+/g) ?? []).map(Number)
    const luminance = ([r, g, b]) => {
      const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const backgroundOf = (element) => {
      for (let node = element; node; node = node.parentElement) {
        const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor)
        if (a > 0.5) return [r, g, b]
      }
      return [255, 255, 255]
    }
    let element = document.activeElement
    for (let depth = 0; element && depth < 4; depth++, element = element.parentElement) {
      const style = getComputedStyle(element)
      const width = parseFloat(style.outlineWidth)
      if (style.outlineStyle === 'none' || !(width > 0)) continue
      const ring = luminance(rgb(style.outlineColor))
      const behind = luminance(backgroundOf(element.parentElement ?? element))
      const contrast = (Math.max(ring, behind) + 0.05) / (Math.min(ring, behind) + 0.05)
      return { width, contrast: Math.round(contrast * 100) / 100 }
    }
    return null
  })
}
