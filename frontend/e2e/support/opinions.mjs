// The personnel department's first steps of a request for integrity
// opinions, shared by the browser tests of opinions.
import { openPage } from './browser.mjs'
import { logIn } from './login.mjs'

/**
 * Signs 组织部 (hr_staff) in, opens the request dialog from the opinions
 * page, picks the promotion purpose and types the document number; returns
 * the page (closed after the test) and the dialog, ready for candidates.
 */
export async function startOpinionRequest(t, browser, baseURL, documentNo) {
  const hr = await openPage(browser, baseURL)
  t.after(hr.close)
  await logIn(hr.page, 'hr_staff')
  await hr.page.locator('[data-testid="menu-/opinions"]').click()
  await hr.page.locator('[data-testid="opinion-new"]').click()
  const dialog = hr.page.locator('[data-testid="opinion-dialog"]')
  await dialog.locator('[data-testid="opinion-purpose"]').click()
  await hr.page.locator('.el-select-dropdown__item:visible', { hasText: '提拔' }).first().click()
  await dialog.locator('[data-testid="opinion-document-no"]').fill(documentNo)
  return { hr, dialog }
}
