import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SCOPES } from '@/api/auth'
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '@/api/audit'
import { SEVERITIES } from '@/api/catalogue'
import { CLIENT_SCOPES } from '@/api/clients'
import { DEPARTMENT_KINDS } from '@/api/departments'
import { BAR_PERIODS, OUTCOMES, VERDICTS } from '@/api/eligibility'
import { IMPORT_STATUSES } from '@/api/imports'
import { JOB_KINDS, JOB_STATUSES } from '@/api/jobs'
import { LOOKUP_STATES } from '@/api/lookups'
import { OFFICIAL_CATEGORIES, OFFICIAL_STATUSES, ROSTER_FIELDS } from '@/api/officials'
import { POLICY_DISPUTED, POLICY_FADES, POLICY_STATUSES } from '@/api/policies'
import { RECORD_FIELDS, RECORD_STATES, WRITE_OUTCOMES } from '@/api/records'
import { SCORE_ITEM_KINDS, SCORE_REASONS } from '@/api/scores'
import { WARNING_LEVELS, WARNING_STATES } from '@/api/warnings'
import { DISPUTE_OUTCOMES, DISPUTE_STATES } from '@/api/disputes'
import { ACCESS_KINDS, MY_VERDICTS } from '@/api/me'
import { REPAIR_STATES } from '@/api/repairs'
import { USER_STATES } from '@/api/users'
import { ROLES } from '@/auth/roles'
import { SUPPORTED_LOCALES } from '@/i18n/locales'

const root = join(__dirname, '../..')
const localeDir = join(root, 'src/locales')

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

function messagesOf(locale: string): Map<string, string> {
  const tree: Tree = {}
  for (const file of readdirSync(join(localeDir, locale)).filter((f) => f.endsWith('.json'))) {
    tree[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(localeDir, locale, file), 'utf8')) as Tree
  }
  return flatten(tree)
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|vue)$/.test(entry.name) ? [path] : []
  })
}

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('locale files', () => {
  const [reference, ...others] = SUPPORTED_LOCALES
  const referenceMessages = messagesOf(reference)

  it('exist as the same set of files for every locale', () => {
    const files = (locale: string) => readdirSync(join(localeDir, locale)).sort()
    for (const locale of others) expect(files(locale)).toEqual(files(reference))
  })

  it.each(others)('%s has exactly the keys of zh-CN', (locale) => {
    const keys = [...messagesOf(locale).keys()].sort()
    expect(keys).toEqual([...referenceMessages.keys()].sort())
  })

  it.each(SUPPORTED_LOCALES)('%s has no empty message', (locale) => {
    const empty = [...messagesOf(locale)].filter(([, text]) => text.trim() === '').map(([key]) => key)
    expect(empty).toEqual([])
  })

  it.each(others)('%s uses the same {placeholders} as zh-CN', (locale) => {
    const messages = messagesOf(locale)
    for (const [key, text] of referenceMessages) {
      expect(placeholders(messages.get(key) ?? ''), key).toEqual(placeholders(text))
    }
  })

  it('defines every literal key the source code uses', () => {
    const used = new Map<string, string>()
    for (const file of sourceFiles(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\b(?:t|te)\(\s*'([\w.-]+)'|titleKey:\s*'([\w.-]+)'/g)) {
        used.set(match[1] ?? match[2] ?? '', relative(root, file))
      }
    }
    expect(used.size).toBeGreaterThan(10)
    const missing = [...used].filter(([key]) => !referenceMessages.has(key))
    expect(missing).toEqual([])
  })

  it('names every code the UI builds a key from (roles, scopes, actions, statuses, …)', () => {
    const families: Record<string, readonly string[]> = {
      roles: ROLES,
      'users.scopes': SCOPES,
      'users.states': USER_STATES,
      'audit.actions': AUDIT_ACTIONS,
      'audit.outcomes': AUDIT_OUTCOMES,
      'departments.kinds': DEPARTMENT_KINDS,
      'officials.categories': OFFICIAL_CATEGORIES,
      'officials.statuses': OFFICIAL_STATUSES,
      'officials.genders': ['M', 'F'],
      'officials.idNumber': ['format', 'checksum'],
      'officials.roster.fields': ROSTER_FIELDS,
      'officials.roster.totals': ['rows', 'created', 'updated', 'unchanged'],
      'users.grants.errors': ['empty', 'roleRequired', 'duplicateRole', 'scopeRequired', 'officialSelfOnly', 'selfNeedsOfficial', 'departmentRequired'],
      'common.languageNames': SUPPORTED_LOCALES,
      'records.fields': RECORD_FIELDS,
      'records.states': RECORD_STATES,
      'records.outcomes': WRITE_OUTCOMES,
      'imports.statuses': IMPORT_STATUSES,
      'imports.totals': ['total', 'accepted', 'rejected', 'created', 'updated', 'unchanged'],
      'catalogue.severities': SEVERITIES,
      'jobs.kinds': JOB_KINDS,
      'jobs.statuses': JOB_STATUSES,
      'score.reasons': SCORE_REASONS,
      'score.kinds': SCORE_ITEM_KINDS,
      'score.grades': ['excellent', 'good', 'fair', 'poor'],
      'policies.statuses': POLICY_STATUSES,
      'policies.fades': POLICY_FADES,
      'policies.disputedModes': POLICY_DISPUTED,
      'policies.reasons.kinds': ['cap', 'floor', 'ceiling'],
      'lookups.states': LOOKUP_STATES,
      'inbox.decided': LOOKUP_STATES,
      'warnings.levels': WARNING_LEVELS,
      'warnings.states': WARNING_STATES,
      'discipline.totals': ['requested', 'fileViews', 'raised', 'stillOpen'],
      'discipline.charts': ['byRule', 'byDistrict', 'byMonth', 'byState', 'byPurpose'],
      // Officials' self-service.
      'me.verdicts': MY_VERDICTS,
      'me.access.kinds': ACCESS_KINDS,
      'disputes.states': DISPUTE_STATES,
      'disputes.outcomes': DISPUTE_OUTCOMES,
      'disputes.resolve.hints': DISPUTE_OUTCOMES,
      'disputes.attachments.hints': ['type', 'size', 'empty'],
      'repairs.states': REPAIR_STATES,
      'reports.via': ['self', 'lookup'],
      // Eligibility checks.
      'eligibility.verdicts': VERDICTS,
      'eligibility.outcomes': OUTCOMES,
      'eligibility.form.problems': ['format', 'checksum', 'duplicate'],
      'eligibility.rerun.parts': ['verdict', 'reasons', 'eligible_from'],
      'eligibilityPolicy.periodKinds': BAR_PERIODS,
      'eligibilityPolicy.periodLength': BAR_PERIODS,
      'clients.scopes': CLIENT_SCOPES,
      'clients.roles': ['personnel_system'],
    }
    const missing = Object.entries(families).flatMap(([prefix, codes]) =>
      codes.map((code) => `${prefix}.${code}`).filter((key) => !referenceMessages.has(key)),
    )
    expect(missing).toEqual([])
  })
})
