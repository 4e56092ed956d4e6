// Signing in through the login page, as a person does.
import { waitForValue } from './browser.mjs'

/** The demo users' shared password (INTEGRITY_DEMO_PASSWORD on the server too). */
export const DEMO_PASSWORD = process.env.INTEGRITY_DEMO_PASSWORD ?? 'Integrity@2026'

/**
 * Fills the login form at `path` (default /login) and waits until the app has
 * left the login page.
 *
 * @param {import('playwright-core').Page} page
 * @param {string} username
 * @param {{ path?: string, password?: string }} [options]
 */
export async function logIn(page, username, { path = '/login', password = DEMO_PASSWORD } = {}) {
  if (path) await page.goto(path)
  await page.locator('[data-testid="login-username"]').fill(username)
  await page.locator('[data-testid="login-password"]').fill(password)
  await page.locator('[data-testid="login-submit"]').click()
  await waitForValue(() => new URL(page.url()).pathname !== '/login', true, 15_000)
  await page.locator('[data-testid="user-name"]').waitFor()
}

/** The labels of the side menu's items, in order. */
export async function menuLabels(page) {
  await page.locator('[data-testid="side-menu"]').waitFor()
  return (await page.locator('[data-testid="side-menu"] .el-menu-item').allTextContents()).map((text) => text.trim())
}
