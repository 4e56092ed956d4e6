// Integrity opinions (廉政意见回复) end to end against the real server:
// the organisation department (hr_staff) sends a request for three
// candidates; the commission's staff (jw_staff) draft the reply from the
// files and change one conclusion with a reason; two leaders sign it
// (jw_approver, jw_approver2); hr_staff opens the printed reply, and its
// verification code verifies on the public page.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apiAs } from './support/api.mjs'
import { launchBrowser, openPage, screenshot, waitForValue } from './support/browser.mjs'
import { logIn, menuLabels } from './support/login.mjs'
import { startOpinionRequest } from './support/opinions.mjs'
import { startServer } from './support/server.mjs'

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server
/** @type {import('playwright-core').Browser} */
let browser
/** @type {{ id: number, name: string }[]} */
let candidates = []
const DOCUMENT = '清组函〔2026〕18号'
const CHANGED = '该同志受到记过处分，处分影响期内，不宜提拔使用。'

before(async () => {
  server = await startServer()
  browser = await launchBrowser()
  // Three officials hr_staff's scope reaches, picked as a person would pick them from the registry.
  const hr = await apiAs(server.baseURL, 'hr_staff')
  const officials = (await hr.get('/officials?page_size=50')).body.items
  assert.ok(officials.length >= 3, JSON.stringify(officials))
  candidates = officials.slice(0, 3).map((o) => ({ id: o.id, name: o.name }))
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

const text = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim()

/** Signs in as `username` in a fresh page, opens the request from the list, and hands the page back. */
async function openRequest(username) {
  const session = await openPage(browser, server.baseURL)
  await logIn(session.page, username)
  assert.ok((await menuLabels(session.page)).includes('廉政意见'), `${username}'s menu`)
  await session.page.locator('[data-testid="menu-/opinions"]').click()
  await session.page.locator('[data-testid="opinion-link"]', { hasText: DOCUMENT }).first().click()
  await session.page.locator('[data-testid="opinion-detail-state"]').waitFor()
  return session
}

test('组织部 asks, 纪委 drafts, changes a conclusion and signs twice, 组织部 prints the reply and its code verifies', { timeout: 480_000 }, async (t) => {
  // 组织部 sends the request.
  const { hr, dialog } = await startOpinionRequest(t, browser, server.baseURL, DOCUMENT)
  await dialog.locator('[data-testid="opinion-candidates"]').fill(candidates.map((c) => String(c.id)).join('\n'))
  await waitForValue(async () => text(dialog.locator('[data-testid="opinion-count"]')), '已识别 3 人')
  await screenshot(hr.page, '130-opinion-request')
  await dialog.locator('[data-testid="opinion-send"]').click()
  await waitForValue(() => /^\/opinions\/\d+$/.test(new URL(hr.page.url()).pathname), true, 30_000)
  await waitForValue(async () => text(hr.page.locator('[data-testid="opinion-detail-state"]')), '待办理')
  assert.match(await text(hr.page.locator('[data-testid="opinion-detail"]')), /纪委监委正在办理/)
  const requestPath = new URL(hr.page.url()).pathname

  // 纪委 staff draft from the files and change the first conclusion.
  const staff = await openRequest('jw_staff')
  t.after(staff.close)
  await staff.page.locator('[data-testid="opinion-draft"]').click()
  await waitForValue(async () => text(staff.page.locator('[data-testid="opinion-detail-state"]')), '已拟稿', 30_000)
  const conclusions = staff.page.locator('[data-testid="opinion-conclusion"]')
  await waitForValue(async () => conclusions.count(), 3)
  for (let i = 0; i < 3; i++) assert.match(await text(conclusions.nth(i)), /无不良反映|有以下情况/)
  await staff.page.locator('[data-testid="opinion-edit"]').first().click()
  const edit = staff.page.locator('[data-testid="conclusion-dialog"]')
  await edit.locator('[data-testid="conclusion-text"]').fill(CHANGED)
  await edit.locator('[data-testid="conclusion-reason"]').fill('经委务会研究，统一表述')
  await edit.locator('[data-testid="conclusion-save"]').click()
  await waitForValue(async () => text(conclusions.first()), CHANGED, 30_000)
  assert.match(await text(staff.page.locator('[data-testid="opinion-candidates-table"]')), /已由 jw_staff 修改：经委务会研究，统一表述/)
  await screenshot(staff.page, '131-opinion-draft')

  // Two leaders sign.
  for (const [leader, state] of [['jw_approver', '待二级签发'], ['jw_approver2', '已回复']]) {
    const lead = await openRequest(leader)
    await lead.page.locator('[data-testid="opinion-sign"]').click()
    await lead.page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
    await waitForValue(async () => text(lead.page.locator('[data-testid="opinion-detail-state"]')), state, 30_000)
    lead.assertNoProblems()
    await lead.close()
  }

  // 组织部 opens the printed reply.
  await hr.page.goto(`${server.baseURL}${requestPath}`)
  await waitForValue(async () => text(hr.page.locator('[data-testid="opinion-detail-state"]')), '已回复', 30_000)
  const number = await text(hr.page.locator('[data-testid="opinion-reply-no"]'))
  assert.match(number, /^纪廉复〔\d{4}〕1号$/)
  assert.equal(await text(hr.page.locator('[data-testid="opinion-conclusion"]').first()), CHANGED)
  await hr.page.locator('[data-testid="opinion-reply"]').click()
  const documentView = hr.page.locator('[data-testid="opinion-document"]')
  await documentView.waitFor()
  assert.equal(await text(documentView.locator('[data-testid="opinion-document-number"]')), number)
  const body = await text(documentView)
  for (const part of ['中共云州市纪律检查委员会', `关于${candidates[0].name}等3名同志廉政意见的回复`, DOCUMENT, `一、${candidates[0].name}`, CHANGED, '特此函复。'])
    assert.ok(body.includes(part), `the reply lacks ${part}: ${body}`)
  await documentView.locator('[data-testid="report-qr"]').waitFor()
  await screenshot(hr.page, '132-opinion-reply')
  const code = /核验码 ([A-Z0-9]+)/.exec(await text(documentView.locator('[data-testid="opinion-document-code"]')))?.[1]
  assert.ok(code, 'the reply shows its verification code')
  hr.assertNoProblems()

  // The public verification page.
  const anon = await openPage(browser, server.baseURL)
  t.after(anon.close)
  const api = await (await fetch(`${server.baseURL}/api/v1/reports/verify/${code}`)).json()
  assert.equal(api.genuine, true, `${code}: ${JSON.stringify(api)}`)
  await anon.page.goto(`${server.baseURL}/verify/${code}`)
  await anon.page.locator('[data-testid="verify-genuine"]').waitFor()
  assert.equal(await text(anon.page.locator('[data-testid="verify-document"]')), `廉政意见回复 ${number}`)
})
