// Headless Chromium (Debian's, never a downloaded one) for browser tests, and
// the checks every page should pass: it rendered, and it logged no errors.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { frontendDir } from './server.mjs'

export const screenshotDir = path.join(frontendDir, 'e2e', 'screenshots')

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
]

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  })
}

/**
 * A fresh browser context (empty localStorage) and page that records console
 * errors, uncaught exceptions and failed requests.
 *
 * @param {import('playwright-core').Browser} browser
 * @param {string} baseURL
 */
export async function openPage(browser, baseURL) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  // Waits end as soon as the page is ready; the bound only decides how
  // long a broken page takes to fail. Two suites at once on two cores made
  // the large policy editor take over 15 s to lay out, so it is a minute.
  page.setDefaultTimeout(60_000)
  /** @type {string[]} */
  const problems = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.stack ?? error.message}`))
  page.on('requestfailed', (request) => {
    // A navigation cancels the previous page's requests; that is no fault.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`)
  })

  return {
    page,
    problems,
    /**
     * Fails with everything the page complained about, less what `allowed`
     * matches (e.g. the console line Chromium logs for an expected 401).
     *
     * @param {RegExp} [allowed]
     */
    assertNoProblems(allowed) {
      const left = allowed ? problems.filter((problem) => !allowed.test(problem)) : problems
      if (left.length > 0) throw new Error(`The page reported problems:\n${left.join('\n')}`)
    },
    /** Fails unless the Vue app mounted and shows text. */
    async assertRendered() {
      try {
        await page.waitForFunction(
          () => (document.querySelector('#app')?.textContent ?? '').trim().length > 20,
          null,
          { timeout: 60_000 },
        )
      } catch {
        const html = (await page.content()).slice(0, 2_000)
        throw new Error(`The page is blank.\n${problems.join('\n')}\n--- HTML ---\n${html}`)
      }
    },
    close: () => context.close(),
  }
}

/** Saves e2e/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(screenshotDir, { recursive: true })
  // Park the mouse on an empty spot so no hover state ends up in the picture.
  await page.mouse.move(1, (page.viewportSize()?.height ?? 900) - 1)
  const file = path.join(screenshotDir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/**
 * Waits until the page has settled for a picture: no CSS transition or
 * animation running (dialogs, drawers sliding in) and every canvas (the
 * charts animating in) the same over two animation frames. It waits for
 * the page's own state, never a fixed time, however slow the machine.
 */
export async function settled(page, timeoutMs = 30_000) {
  await page.waitForFunction(
    () =>
      new Promise((resolve) => {
        const snap = () => [...document.querySelectorAll('canvas')].map((c) => c.toDataURL()).join('|')
        const first = snap()
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            // Finite ones only: a spinner turns for ever.
            const running = document
              .getAnimations()
              .some((a) => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity)
            resolve(!running && snap() === first)
          }),
        )
      }),
    undefined,
    { timeout: timeoutMs, polling: 100 },
  )
}

/** Waits until `read()` returns `expected`; fails with the last value seen. */
export async function waitForValue(read, expected, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  let last
  while (Date.now() < deadline) {
    last = await read()
    if (last === expected) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`Expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`)
}
