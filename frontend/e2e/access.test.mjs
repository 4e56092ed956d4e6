// Identity and access against the real server: each role signs in through
// the login page and sees its own menu and pages; a page outside the role is
// the 404 page with no data; the auditor verifies the audit chain.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { launchBrowser, openPage, screenshot, settled, waitForValue } from './support/browser.mjs'
import { DEMO_PASSWORD, logIn, menuLabels } from './support/login.mjs'
import { startServer } from './support/server.mjs'
import { totp } from './support/totp.mjs'

/** A masked ID number: 6 digits, asterisks, the last 4 characters. */
const MASKED_ID = /^\d{4}\*{9,12}[\dX]{2}$/
/** Anything that looks like a full 18-character ID number. */
const FULL_ID = /\b\d{17}[\dX]\b/

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the login page: product name, demo hint, a wrong password', { timeout: 180_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await page.goto('/admin/users')
  await session.assertRendered()
  await waitForValue(() => new URL(page.url()).pathname, '/login')
  assert.equal(new URL(page.url()).searchParams.get('redirect'), '/admin/users')
  await waitForValue(() => page.locator('[data-testid="app-title"]').textContent(), '公职人员诚信积分平台')
  const hint = await page.locator('[data-testid="demo-hint"]').textContent()
  assert.match(hint ?? '', /演示账号：admin（系统管理员）\/ security、security2（安全管理员）\/ auditor（审计管理员）\/ jw_staff/)
  assert.ok(!(await page.locator('#app').textContent())?.includes('Integrity@'), 'the demo password is not printed')
  await screenshot(page, '10-login-zh-CN')

  await page.locator('[data-testid="login-username"]').fill('admin')
  await page.locator('[data-testid="login-password"]').fill('not-the-password')
  await page.locator('[data-testid="login-submit"]').click()
  await waitForValue(() => page.locator('[data-testid="login-error"]').textContent(), '用户名或密码不正确')
  assert.equal(new URL(page.url()).pathname, '/login')

  // Chromium logs the expected 401 as a console error.
  session.assertNoProblems(/status of 401/)
})

test('admin sees the admin menu, the users and the officials with masked ID numbers', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'admin')
  await session.assertRendered()
  const labels = await menuLabels(page)
  for (const label of ['首页', '用户管理', '部门管理', '公职人员']) assert.ok(labels.includes(label), `menu ${labels}`)
  assert.ok(!labels.includes('审计日志'), `menu ${labels}`)
  assert.equal(await page.locator('[data-testid="user-name"]').textContent(), '系统管理员')

  // The account items live in the header's user menu.
  await page.locator('[data-testid="user-menu"]').click()
  for (const id of ['menu-change-password', 'menu-totp', 'menu-logout']) {
    await page.locator(`[data-testid="${id}"]`).waitFor()
  }
  assert.equal((await page.locator('[data-testid="menu-logout"]').textContent())?.trim(), '退出登录')
  await page.keyboard.press('Escape')

  await page.locator('[data-testid="menu-/admin/users"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/admin/users')
  const usersTable = page.locator('[data-testid="users-table"]')
  await usersTable.locator('.el-table__body tr').first().waitFor()
  for (const username of ['admin', 'hr_staff', 'auditor']) {
    await usersTable.locator('.el-table__body td', { hasText: new RegExp(`^${username}$`) }).first().waitFor()
  }
  assert.ok((await usersTable.textContent())?.includes('组织人事工作人员'), 'role grants are shown')
  await screenshot(page, '11-admin-users')

  await page.locator('[data-testid="user-create"]').click()
  await page.locator('[data-testid="grants-editor"]').waitFor()
  await page.locator('[data-testid="user-save"]').click()
  await page.getByText('请输入用户名').first().waitFor()
  await page.getByText('请选择角色').first().waitFor()
  await settled(page)
  await screenshot(page, '12-admin-user-create')
  await page.keyboard.press('Escape')

  await page.locator('[data-testid="menu-/admin/departments"]').click()
  await page.locator('[data-testid="department-tree"]').getByText('云州市', { exact: true }).waitFor()
  await screenshot(page, '13-admin-departments')

  await page.locator('[data-testid="menu-/admin/officials"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/admin/officials')
  const masked = page.locator('[data-testid="id-number-masked"]')
  await masked.first().waitFor()
  const ids = await masked.allTextContents()
  assert.ok(ids.length > 0)
  for (const id of ids) assert.match(id.trim(), MASKED_ID)
  assert.doesNotMatch((await page.locator('#app').textContent()) ?? '', FULL_ID)
  await page.locator('[data-testid="official-create"]').waitFor()
  await screenshot(page, '14-admin-officials')

  // Edit the first official's post, then see the old version in the history.
  await page.locator('[data-testid="official-edit"]:visible').first().click()
  const post = page.locator('[data-testid="official-post"]')
  await post.waitFor()
  await post.fill('调研员（e2e）')
  await page.locator('[data-testid="official-save"]').click()
  await page.locator('[data-testid="official-dialog"]').waitFor({ state: 'hidden' })
  await page.locator('[data-testid="officials-table"]').getByText('调研员（e2e）').first().waitFor()

  await page.locator('[data-testid="official-history-open"]:visible').first().click()
  await page.locator('[data-testid="official-history"]').getByText('版本 1').first().waitFor()
  assert.doesNotMatch((await page.locator('[data-testid="official-history"]').textContent()) ?? '', FULL_ID)
  await settled(page) // the drawer slides in
  await screenshot(page, '15-admin-official-history')

  session.assertNoProblems()
})

test('hr_staff sees the officials but not user admin; a deep link to it is a 404 with no data', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  /** @type {string[]} */
  const adminCalls = []
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/v1/users')) adminCalls.push(request.url())
  })

  await logIn(page, 'hr_staff')
  const labels = await menuLabels(page)
  assert.ok(labels.includes('公职人员'), `menu ${labels}`)
  for (const label of ['用户管理', '部门管理', '审计日志']) assert.ok(!labels.includes(label), `menu ${labels}`)

  await page.locator('[data-testid="menu-/officials"]').click()
  await page.locator('[data-testid="id-number-masked"]').first().waitFor()
  assert.equal(await page.locator('[data-testid="official-create"]').count(), 0, 'no write actions for staff')
  assert.equal(await page.locator('[data-testid="official-edit"]').count(), 0, 'no write actions for staff')
  await screenshot(page, '16-hr-officials')

  await page.goto('/admin/users')
  await session.assertRendered()
  await page.locator('[data-testid="not-found"]').waitFor()
  assert.equal(new URL(page.url()).pathname, '/admin/users')
  assert.equal(await page.locator('[data-testid="users-table"]').count(), 0)
  const text = (await page.locator('#app').textContent()) ?? ''
  for (const leaked of ['jw_approver', 'auditor', '用户管理']) assert.ok(!text.includes(leaked), `"${leaked}" on the 404 page`)
  assert.deepEqual(adminCalls, [], 'the page never asked for user data')
  await screenshot(page, '17-hr-admin-users-404')

  session.assertNoProblems()
})

test('auditor opens the audit log and verifies the chain', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'auditor', { path: '/login?redirect=/audit' })
  await waitForValue(() => new URL(page.url()).pathname, '/audit')
  const labels = await menuLabels(page)
  assert.ok(labels.includes('审计日志'), `menu ${labels}`)
  assert.ok(!labels.includes('用户管理'), `menu ${labels}`)

  const table = page.locator('[data-testid="audit-table"]')
  await table.locator('.el-table__body td', { hasText: '登录' }).first().waitFor()

  await page.locator('[data-testid="audit-verify"]').click()
  const ok = page.locator('[data-testid="verify-ok"]')
  await ok.waitFor()
  assert.match((await ok.textContent()) ?? '', /审计链完整：已校验 \d+ 条记录/)
  await screenshot(page, '18-auditor-verify')

  await page.locator('[data-testid="audit-open"]:visible').first().click()
  const hash = page.locator('[data-testid="audit-hash"]')
  await hash.waitFor()
  assert.match((await hash.textContent()) ?? '', /^[0-9a-f]{64}$/)
  assert.match((await page.locator('[data-testid="audit-prev-hash"]').textContent()) ?? '', /^[0-9a-f]{64}$/)
  await settled(page) // the drawer slides in
  await screenshot(page, '19-auditor-entry')

  session.assertNoProblems()
})

test('a reload keeps the session; signing out ends it', { timeout: 180_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'jw_staff')
  await page.locator('[data-testid="menu-/officials"]').click()
  await page.locator('[data-testid="id-number-masked"]').first().waitFor()

  await page.reload()
  await session.assertRendered()
  await page.locator('[data-testid="id-number-masked"]').first().waitFor()
  assert.equal(new URL(page.url()).pathname, '/officials')
  assert.equal(await page.locator('[data-testid="user-name"]').textContent(), '纪检监察干部')

  await page.locator('[data-testid="user-menu"]').click()
  await page.locator('[data-testid="menu-logout"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/login')
  assert.equal(await page.evaluate(() => window.sessionStorage.length), 0)

  await page.goto('/officials')
  await waitForValue(() => new URL(page.url()).pathname, '/login')
  session.assertNoProblems()
})

test('a user enrols TOTP (QR, recovery codes), then signs in with the second step', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'clerk')
  await page.locator('[data-testid="user-menu"]').click()
  await page.locator('[data-testid="menu-totp"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/account/totp')
  await page.locator('[data-testid="totp-qr"] img').waitFor()
  const secret = ((await page.locator('[data-testid="totp-secret"]').textContent()) ?? '').trim()
  assert.match(secret, /^[A-Z2-7]{16,}$/)
  await screenshot(page, '20-totp-enrol')

  await page.locator('[data-testid="totp-code"]').fill(totp(secret))
  await page.locator('[data-testid="totp-enable"]').click()
  const codes = page.locator('[data-testid="recovery-codes"] code')
  await codes.first().waitFor()
  const recovery = (await codes.allTextContents()).map((code) => code.trim())
  assert.ok(recovery.length >= 5, `recovery codes: ${recovery}`)
  await screenshot(page, '21-totp-recovery-codes')
  await page.locator('[data-testid="totp-finish"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/')

  await page.locator('[data-testid="user-menu"]').click()
  await page.locator('[data-testid="menu-logout"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/login')

  // Password first; the server then asks for the second factor. A recovery
  // code stands in for the app (a fresh TOTP code would reuse the step just spent).
  await page.locator('[data-testid="login-username"]').fill('clerk')
  await page.locator('[data-testid="login-password"]').fill(DEMO_PASSWORD)
  await page.locator('[data-testid="login-submit"]').click()
  await page.locator('[data-testid="login-otp"]').waitFor()
  await screenshot(page, '22-login-otp-step')
  await page.locator('[data-testid="login-otp"]').fill(recovery[0])
  await page.locator('[data-testid="login-otp-submit"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/')
  await page.locator('[data-testid="user-name"]').waitFor()

  // Chromium logs the 401 otp_required answer as a console error.
  session.assertNoProblems(/status of 401/)
})

test('changing the password ends the session; the new one signs in', { timeout: 240_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session
  const next = 'Another-Pass-2026!'

  await logIn(page, 'jw_approver')
  await page.locator('[data-testid="user-menu"]').click()
  await page.locator('[data-testid="menu-change-password"]').click()
  await page.locator('[data-testid="change-password"]').waitFor()
  await page.locator('[data-testid="password-current"]').fill('wrong-current')
  await page.locator('[data-testid="password-new"]').fill(next)
  await page.locator('[data-testid="password-confirm"]').fill(next)
  await page.locator('[data-testid="password-submit"]').click()
  await page.locator('[data-testid="change-password"] .el-form-item__error, [data-testid="password-error"]').first().waitFor()
  await screenshot(page, '23-change-password-error')

  await page.locator('[data-testid="password-current"]').fill(DEMO_PASSWORD)
  await page.locator('[data-testid="password-submit"]').click()
  await waitForValue(() => new URL(page.url()).pathname, '/login')
  assert.equal(await page.evaluate(() => window.sessionStorage.length), 0)

  await logIn(page, 'jw_approver', { path: '', password: next })
  // The discipline roles land on their dashboard.
  await waitForValue(() => new URL(page.url()).pathname, '/discipline')
  session.assertNoProblems(/status of (400|401|403)/)
})

test('admin creates a user, a security administrator issues the second half of its code, and the owner sets their own password', { timeout: 300_000 }, async (t) => {
  const session = await openPage(browser, server.baseURL)
  t.after(() => session.close())
  const { page } = session

  await logIn(page, 'admin', { path: '/login?redirect=/admin/users' })
  await page.locator('[data-testid="users-table"] .el-table__body tr').first().waitFor()
  await page.locator('[data-testid="user-create"]').click()
  const dialog = page.locator('[data-testid="user-form-dialog"]')
  await dialog.locator('[data-testid="user-username"]').fill('e2e_hr')
  await dialog.locator('[data-testid="user-display-name"]').fill('端到端测试')

  // Role, then scope: a department scope needs a department (the user has none).
  await dialog.locator('[data-testid="grant-role"]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '组织人事工作人员' }).click()
  await page.locator('[data-testid="user-save"]').click()
  await dialog.getByText('此数据范围须指定部门').waitFor()
  await dialog.locator('[data-testid="grant-department"]').click()
  await page.locator('.el-tree-node__content:visible', { hasText: '清江区委组织部' }).first().click()
  await page.locator('[data-testid="user-save"]').click()

  // The creator sees only the first half of the activation code, never a password.
  const secret = page.locator('[data-testid="secret-dialog"]')
  await secret.waitFor()
  const firstHalf = await secret.locator('[data-testid="secret-value"]').inputValue()
  assert.match(firstHalf, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
  assert.match((await secret.textContent()) ?? '', /后半段由安全管理员另行发放/)
  await settled(page)
  await screenshot(page, '24-admin-user-created')
  await secret.getByRole('button', { name: '完成' }).click()

  const row = page.locator('[data-testid="users-table"] .el-table__body tr', { hasText: 'e2e_hr' })
  await row.waitFor()
  assert.match((await row.textContent()) ?? '', /组织人事工作人员 · 本部门及下级（清江区委组织部）/)
  assert.match((await row.textContent()) ?? '', /待激活/)
  assert.equal(await page.locator('[data-testid="user-roles"]').count(), 0, 'the system administrator does not grant roles')

  // A security administrator issues the second half.
  const security = await openPage(browser, server.baseURL)
  t.after(() => security.close())
  await logIn(security.page, 'security', { path: '/login?redirect=/admin/users' })
  const secRow = security.page.locator('[data-testid="users-table"] .el-table__body tr', { hasText: 'e2e_hr' })
  await secRow.waitFor()
  await secRow.getByText('更多').click()
  await security.page.locator('[data-testid="user-activation"]:visible').click()
  const second = security.page.locator('[data-testid="secret-dialog"]')
  await second.waitFor()
  const secondHalf = await second.locator('[data-testid="secret-value"]').inputValue()
  assert.match(secondHalf, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
  assert.notEqual(secondHalf, firstHalf)
  await screenshot(security.page, '25-security-second-half')
  await second.getByRole('button', { name: '完成' }).click()

  // The owner activates the account on the sign-in page and signs in.
  const owner = await openPage(browser, server.baseURL)
  t.after(() => owner.close())
  await owner.page.goto('/login')
  await owner.page.locator('[data-testid="login-activate"]').click()
  await owner.page.locator('[data-testid="activate-username"]').fill('e2e_hr')
  await owner.page.locator('[data-testid="activate-code-a"]').fill(firstHalf)
  await owner.page.locator('[data-testid="activate-code-b"]').fill(secondHalf)
  await owner.page.locator('[data-testid="activate-password"]').fill('E2e-own-secret-7')
  await owner.page.locator('[data-testid="activate-confirm"]').fill('E2e-own-secret-7')
  await screenshot(owner.page, '26-owner-activates')
  await owner.page.locator('[data-testid="activate-submit"]').click()
  await owner.page.locator('[data-testid="login-activated"]').waitFor()
  await logIn(owner.page, 'e2e_hr', { password: 'E2e-own-secret-7' })
  await waitForValue(() => new URL(owner.page.url()).pathname, '/')

  session.assertNoProblems()
  security.assertNoProblems()
  owner.assertNoProblems()
})
