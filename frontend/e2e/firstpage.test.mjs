// The first page on a slow line: the login page, and an official's own file
// (/me), each loaded cold on a throttled connection (4 Mbit/s down and up,
// 100 ms latency). It reports, per page, the bytes that crossed the wire
// (encoded: compressed where the server compressed, headers included) by
// kind, and the largest contentful paint. It fails only when the login
// page's own files (HTML, scripts, styles, fonts, images) pass the budget
// of issue 20, as Chromium loads them from this server (brotli) and as it
// would over plain HTTP (gzip); the times are reported, never asserted.
// The figures are in docs/BENCHMARKS.md, "The first page".
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { launchBrowser, openPage, settled, waitForValue } from './support/browser.mjs'
import { logIn } from './support/login.mjs'
import { startServer } from './support/server.mjs'

/** The login page's files, compressed, at most (issue 20). */
const LOGIN_BUDGET_BYTES = 200 * 1024
const THROTTLE = { offline: false, latency: 100, downloadThroughput: (4_000_000 / 8), uploadThroughput: (4_000_000 / 8) }
const STATIC_KINDS = new Set(['Document', 'Script', 'Stylesheet', 'Font', 'Image'])

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
/** Figures of each page, printed together at the end. */
const figures = []

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  if (figures.length > 0) {
    const kb = (n) => (n / 1024).toFixed(1)
    const lines = ['', 'The first page: cold load, 4 Mbit/s down and up, 100 ms latency', '| page | requests | files (KB, encoded) | of which scripts / styles / fonts | API (KB) | largest contentful paint (ms) |', '|---|---|---|---|---|---|']
    for (const f of figures) {
      lines.push(`| ${f.name} | ${f.requests} | ${kb(f.staticBytes)} | ${kb(f.byKind.Script ?? 0)} / ${kb(f.byKind.Stylesheet ?? 0)} / ${kb(f.byKind.Font ?? 0)} | ${kb(f.apiBytes)} | ${Math.round(f.lcp)} |`)
    }
    lines.push(`content codings seen: ${[...new Set(figures.flatMap((f) => f.codings))].join(', ') || 'none'}`)
    console.log(lines.join('\n'))
  }
  await browser?.close()
  await server?.stop()
})

/**
 * Counts what the page fetches from now on, through the DevTools protocol,
 * on a throttled line with the cache off.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} [acceptEncoding] sent instead of the browser's own
 */
async function meter(page, acceptEncoding) {
  const cdp = await page.context().newCDPSession(page)
  /** @type {Map<string, { url: string, kind: string, coding: string, bytes: number, done: boolean }>} */
  const requests = new Map()
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { url: e.request.url, kind: e.type ?? 'Other', coding: '', bytes: 0, done: false })
  })
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId)
    if (!r) return
    r.kind = e.type ?? r.kind
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]))
    r.coding = headers['content-encoding'] ?? ''
  })
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId)
    if (!r) return
    r.bytes = e.encodedDataLength
    r.done = true
  })
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId)
    if (r) r.done = true
  })
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
  if (acceptEncoding) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': acceptEncoding } })
  await cdp.send('Network.emulateNetworkConditions', THROTTLE)

  return {
    /** Waits until nothing the page asked for is still on its way. */
    async quiet() {
      await waitForValue(() => [...requests.values()].every((r) => r.done), true, 120_000)
    },
    /** The totals so far; the protocol session is closed after. */
    async totals(name, lcp) {
      await cdp.detach()
      const all = [...requests.values()].filter((r) => !r.url.startsWith('data:'))
      const byKind = {}
      let staticBytes = 0
      let apiBytes = 0
      for (const r of all) {
        byKind[r.kind] = (byKind[r.kind] ?? 0) + r.bytes
        if (STATIC_KINDS.has(r.kind)) staticBytes += r.bytes
        else apiBytes += r.bytes
      }
      const codings = [...new Set(all.map((r) => r.coding).filter(Boolean))]
      const figure = { name, requests: all.length, staticBytes, apiBytes, byKind, codings, lcp, files: all }
      figures.push(figure)
      return figure
    },
  }
}

/** Records largest-contentful-paint entries from the start of every document. */
async function observePaint(page) {
  await page.addInitScript(() => {
    window.__lcp = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__lcp = entry.startTime
    }).observe({ type: 'largest-contentful-paint', buffered: true })
  })
}

const largestPaint = (page) => page.evaluate(() => window.__lcp)

/**
 * Loads the login page cold in a fresh context and measures it. With
 * `acceptEncoding` the browser asks for that instead of its own list.
 */
async function measureLogin(name, acceptEncoding) {
  const session = await openPage(browser, server.baseURL)
  try {
    const { page } = session
    await observePaint(page)
    const line = await meter(page, acceptEncoding)
    await page.goto('/login')
    await page.locator('[data-testid="login-submit"]').waitFor()
    await page.evaluate(() => document.fonts.ready)
    await settled(page)
    await line.quiet()
    await waitForValue(async () => (await largestPaint(page)) > 0, true)
    const login = await line.totals(name, await largestPaint(page))
    session.assertNoProblems()
    for (const r of login.files) console.log(`  ${r.kind.padEnd(10)} ${String(r.bytes).padStart(8)} ${r.coding.padEnd(4)} ${new URL(r.url).pathname}`)
    return login
  } finally {
    await session.close()
  }
}

test('the login page stays within its transfer budget on a slow line', { timeout: 300_000 }, async () => {
  // As Chromium asks a local or HTTPS server: brotli where it can.
  const login = await measureLogin('login page (/login)')
  // As it asks a server over plain HTTP elsewhere: gzip at best.
  const gzipOnly = await measureLogin('login page (/login), gzip only', 'gzip, deflate')

  for (const figure of [login, gzipOnly]) {
    assert.ok(figure.staticBytes > 0, `${figure.name}: the login page loaded files`)
    assert.ok(
      figure.staticBytes <= LOGIN_BUDGET_BYTES,
      `${figure.name}: ${(figure.staticBytes / 1024).toFixed(1)} KB of files, over the budget of ${LOGIN_BUDGET_BYTES / 1024} KB`,
    )
  }
  assert.ok(gzipOnly.codings.every((coding) => coding === 'gzip'), `asked for gzip only, got ${gzipOnly.codings}`)
})

test("an official's own file, loaded cold on a slow line, is measured", { timeout: 300_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  await observePaint(page)
  await logIn(page, 'official')
  await waitForValue(() => new URL(page.url()).pathname, '/me')

  // Signed in (the refresh token stays in this tab); now a cold load.
  const line = await meter(page)
  await page.goto('/me')
  await page.locator('[data-testid="me-header"]').waitFor()
  await page.locator('[data-testid="score-history-chart"] canvas').waitFor()
  await settled(page)
  await line.quiet()
  await waitForValue(async () => (await largestPaint(page)) > 0, true)
  const file = await line.totals("official's own file (/me)", await largestPaint(page))
  session.assertNoProblems()

  for (const r of file.files) console.log(`  ${r.kind.padEnd(10)} ${String(r.bytes).padStart(8)} ${r.coding.padEnd(4)} ${new URL(r.url).pathname}`)
  assert.ok(file.staticBytes > 0 && file.apiBytes > 0, 'the file page loaded its files and its data')
})
