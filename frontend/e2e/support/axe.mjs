// axe-core in the page under test: the WCAG 2.0/2.1 A and AA rules (GB/T
// 37668-2019 follows them), run on what the page shows once it is ready.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { settled, waitForValue } from './browser.mjs'

const require = createRequire(import.meta.url)
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8')

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
/** What fails the run: a person cannot use the page, or hardly. */
export const BLOCKING = new Set(['serious', 'critical'])

/**
 * Counts the page's requests under way: its API calls and the chunks a
 * route loads lazily (a page is not ready while it still reads its data or
 * its code: a button enabled by an answer would change colour under the
 * audit). Call it once, before the page loads.
 *
 * @param {import('playwright-core').Page} page
 * @returns {() => number}
 */
export function trackRequests(page) {
  const pending = new Set()
  page.on('request', (request) => pending.add(request))
  const done = (request) => pending.delete(request)
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  return () => pending.size
}

/**
 * Waits until the page shows its content: its requests answered (with
 * `pending` from trackRequests), the app's main region has text, no loading
 * mask or animated skeleton is left, nothing moves, and the document stays
 * the same over two animation frames (a view that mounts, or a button that
 * an answer enables, changes it).
 *
 * @param {import('playwright-core').Page} page
 * @param {() => number} [pending]
 */
export async function pageReady(page, pending) {
  if (pending) await waitForValue(() => pending(), 0, 60_000)
  await page.waitForFunction(() => {
    const main = document.querySelector('main')
    if (!main || (main.textContent ?? '').trim().length < 10) return false
    const busy = [...document.querySelectorAll('.el-loading-mask, .el-skeleton.is-animated')]
    return busy.every((element) => element.getClientRects().length === 0)
  }, undefined, { polling: 100 })
  await settled(page)
  await page.waitForFunction(
    () =>
      new Promise((resolve) => {
        let changed = false
        const observer = new MutationObserver(() => (changed = true))
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            observer.disconnect()
            resolve(!changed)
          }),
        )
      }),
    undefined,
    { polling: 100, timeout: 60_000 },
  )
  if (pending) await waitForValue(() => pending(), 0, 60_000)
}

/**
 * Runs axe on the whole document and hands back its violations, each with
 * the nodes it found (selector, HTML excerpt, why).
 *
 * @param {import('playwright-core').Page} page
 * @returns {Promise<Array<{ id: string, impact: string, help: string, nodes: Array<{ target: string, html: string, why: string }> }>>}
 */
export async function audit(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource) // as the devtools would: the page's CSP refuses inline scripts
  return page.evaluate(async (tags) => {
    // @ts-expect-error axe is injected above
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'minor',
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.join(' '),
        html: node.html.slice(0, 160),
        why: (node.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240),
      })),
    }))
  }, AXE_TAGS)
}

/**
 * The report of a run: one line a rule and page, with the first nodes.
 *
 * @param {Array<{ where: string, id: string, impact: string, help: string, nodes: Array<{ target: string, html: string, why: string }> }>} findings
 */
export function describeFindings(findings) {
  return findings
    .map((f) => {
      const nodes = f.nodes.slice(0, 3).map((n) => `      ${n.target}  ${n.html}\n        ${n.why}`).join('\n')
      const more = f.nodes.length > 3 ? `\n      … ${f.nodes.length - 3} more` : ''
      return `  [${f.impact}] ${f.id} on ${f.where} (${f.nodes.length} node${f.nodes.length === 1 ? '' : 's'}): ${f.help}\n${nodes}${more}`
    })
    .join('\n')
}
