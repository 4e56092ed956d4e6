// Copies the browser suite's screenshots of every role's main pages (in
// zh-CN) into docs/gallery and writes docs/GALLERY.md. Run after the
// browser suite (`make gallery` does both); an argument names another
// screenshots folder (a CI clone's). A screenshot missing from the run
// fails the script: the gallery never silently loses a page.
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const from = process.argv[2] ?? path.join(here, '..', 'e2e', 'screenshots')
const docs = path.join(here, '..', '..', 'docs')
const to = path.join(docs, 'gallery')

/** Role, then the pages: screenshot name and what it shows. */
const sections = [
  ['所有人 · Everyone', [
    ['10-login-zh-CN', '登录页 · Sign-in'],
    ['01-home-zh-CN', '首页 · Home'],
    ['98-verify-genuine', '公开验证报告 · Public verification of a report'],
  ]],
  ['系统管理员 · Administrator (admin)', [
    ['11-admin-users', '用户管理 · Accounts'],
    ['14-admin-officials', '人员登记库 · The officials registry'],
    ['r1-roster-dry-run', '人员名册导入（试运行） · A roster import, dry run'],
    ['r2-roster-problems', '名册错误逐行列出 · A refused roster, problem by row'],
    ['40-admin-sources', '数据来源 · Sources'],
    ['53-admin-file-score', '诚信档案与积分 · A file with its score'],
  ]],
  ['安全管理员 · Security administrators (security, security2)', [
    ['h4-home-security', '首页待办 · Home with to-dos'],
    ['25-security-second-half', '授权复核与激活码 · Grant approval and the activation code'],
    ['52-admin-scoring-published', '积分规则发布 · The scoring policy published'],
    ['86-admin-eligibility-policy-published', '资格审查规则 · The eligibility policy'],
  ]],
  ['审计管理员 · Auditor', [
    ['h3-home-auditor', '首页待办 · Home with to-dos'],
    ['18-auditor-verify', '审计日志与链校验 · The audit trail and its chain check'],
  ]],
  ['数据录入员 · Data clerk (clerk)', [
    ['h2-home-clerk', '首页待办 · Home with to-dos'],
    ['35-clerk-records', '记录管理 · Records'],
    ['33-clerk-import-done', '批量导入 · An import finished'],
    ['94-clerk-dispute-queue', '异议处理 · Disputes to decide'],
    ['a2-clerk-appeal-decide', '复审复核申诉 · A review decided'],
  ]],
  ['纪检监察干部 · Discipline staff (jw_staff)', [
    ['60-staff-lookup-request', '查阅申请 · A lookup request'],
    ['64-staff-file-under-lookup', '经批准查阅档案 · A file under an approved lookup'],
    ['131-opinion-draft', '廉政意见回复拟稿 · Drafting an integrity opinion reply'],
    ['120-four-forms', '四种形态统计 · The four forms in numbers'],
  ]],
  ['纪委领导 · Commission leaders (jw_approver, jw_approver2)', [
    ['h5-home-jw-approver', '首页待办与看板 · Home: to-dos and the dashboard'],
    ['62-approver-decision', '查阅审批 · Deciding a lookup'],
    ['69-approver-dashboard', '监督看板 · The dashboard'],
    ['121-four-forms-drill', '四种形态明细 · Drill-down to the records'],
    ['122-unit-picture', '单位画像 · A unit’s picture'],
  ]],
  ['组织人事干部 · Personnel staff (hr_staff)', [
    ['h1-home-hr-staff', '首页待办 · Home with to-dos'],
    ['81-hr-eligibility-results', '资格审查结果 · Eligibility verdicts'],
    ['83-hr-eligibility-outcomes', '审查结果统计 · Outcomes by purpose'],
    ['130-opinion-request', '征求廉政意见 · A request for integrity opinions'],
    ['132-opinion-reply', '廉政意见回复 · The signed reply'],
  ]],
  ['公职人员本人 · Official', [
    ['h6-home-official', '首页待办 · Home with to-dos'],
    ['90-official-home', '我的诚信档案 · My file'],
    ['93-official-dispute-filed', '提出异议 · A dispute filed'],
    ['97-official-report-print', '诚信报告（打印） · My report, printed'],
  ]],
]

const available = new Set((await readdir(from)).filter((f) => f.endsWith('.png')).map((f) => f.slice(0, -4)))
const missing = sections.flatMap(([, pages]) => pages.map(([name]) => name)).filter((name) => !available.has(name))
if (missing.length > 0) {
  console.error(`gallery: the browser suite took no screenshot named ${missing.join(', ')} in ${from}`)
  process.exit(1)
}
await rm(to, { recursive: true, force: true })
await mkdir(to, { recursive: true })
const lines = [
  '# Gallery',
  '',
  'Every role’s main pages in zh-CN, as the browser suite (`frontend/e2e`) sees them on the demo data. `make gallery` runs the suite and writes this page and `docs/gallery/` again.',
  '',
]
for (const [role, pages] of sections) {
  lines.push(`## ${role}`, '')
  for (const [name, caption] of pages) {
    await copyFile(path.join(from, `${name}.png`), path.join(to, `${name}.png`))
    lines.push(`### ${caption}`, '', `![${caption}](gallery/${name}.png)`, '')
  }
}
await writeFile(path.join(docs, 'GALLERY.md'), lines.join('\n'))
console.log(`gallery: ${sections.reduce((n, [, pages]) => n + pages.length, 0)} pages written to docs/gallery and docs/GALLERY.md`)
