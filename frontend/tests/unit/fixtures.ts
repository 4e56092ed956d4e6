import type { Catalogue } from '@/api/catalogue'
import type { EligibilityCheck, EligibilityPolicy, EligibilityResult } from '@/api/eligibility'
import type { Lookup, LookupPolicy } from '@/api/lookups'
import type { PolicyVersion, ScoringPolicy } from '@/api/policies'
import type { IntegrityRecord } from '@/api/records'
import type { ScoreDetail } from '@/api/scores'
import type { Warning, WarningPolicy } from '@/api/warnings'

/** A small catalogue: judicial (document required), traffic (credit type), commendation (positive). */
export const catalogue: Catalogue = {
  version: 1,
  categories: [
    {
      key: 'judicial',
      zh: '司法',
      en: 'Judicial',
      document_required: true,
      positive: false,
      codes: [
        { key: 'jud_criminal', zh: '刑事判决', en: 'Criminal conviction', form: 4, repairable: false, open_ended: false, category: 'judicial' },
        { key: 'jud_dishonest_debtor', zh: '失信被执行人', en: 'Dishonest judgment debtor', form: 0, repairable: true, open_ended: true, category: 'judicial' },
      ],
    },
    {
      key: 'traffic',
      zh: '交通违法',
      en: 'Traffic violation',
      document_required: false,
      positive: false,
      codes: [{ key: 'tr_points', zh: '记分违法', en: 'Violation with penalty points', form: 0, repairable: true, open_ended: false, severity: 'minor', category: 'traffic' }],
    },
    {
      key: 'commendation',
      zh: '表彰奖励',
      en: 'Commendation',
      document_required: true,
      positive: true,
      codes: [{ key: 'com_citation', zh: '嘉奖', en: 'Citation', form: 0, repairable: false, open_ended: false, category: 'commendation' }],
    },
    {
      key: 'lead',
      zh: '问题线索',
      en: 'Problem lead',
      document_required: false,
      positive: false,
      codes: [
        { key: 'lead_accepted', zh: '受理', en: 'Accepted', form: 0, repairable: false, open_ended: true, category: 'lead' },
        { key: 'lead_concluded', zh: '了结', en: 'Concluded', form: 0, repairable: false, open_ended: false, category: 'lead' },
      ],
    },
  ],
}

/** A record as the server sends it, with `overrides`. */
export function record(overrides: Partial<IntegrityRecord> = {}): IntegrityRecord {
  return {
    id: 1,
    official_id: 9,
    official_name: '陈诚信',
    id_number_masked: '320102********1239',
    source_id: 4,
    source_name: '云州市中级人民法院',
    source_ref: 'ref-1',
    category: 'judicial',
    code: 'jud_criminal',
    decision_date: '2024-03-05',
    ended_on: null,
    document_no: '（2024）云01刑初88号',
    authority: '云州市中级人民法院',
    summary: '经依法审理，作出刑事判决。',
    state: 'active',
    state_reason: '',
    under_dispute: false,
    repaired_on: null,
    version: 1,
    created_at: '2026-01-02T03:04:05Z',
    updated_at: '2026-01-02T03:04:05Z',
    ...overrides,
  }
}

/** A scoring policy over the small catalogue: the shipped grades, a commendation cap, four rules. */
export function scoringPolicy(overrides: Partial<ScoringPolicy> = {}): ScoringPolicy {
  return {
    version: 2,
    name: '默认积分政策',
    base: 100,
    floor: 0,
    ceiling: 120,
    fade: 'none',
    disputed: 'count',
    grades: [
      { key: 'excellent', zh: '优秀', en: 'Excellent', min: 95 },
      { key: 'good', zh: '良好', en: 'Good', min: 85 },
      { key: 'fair', zh: '一般', en: 'Fair', min: 70 },
      { key: 'poor', zh: '较差', en: 'Poor', min: null },
    ],
    caps: [{ category: 'commendation', max: 10, min: null }],
    rules: [
      { code: 'jud_criminal', points: -50, months: 60, until_removed: false, force_grade: 'poor' },
      { code: 'tr_points', points: -1, months: 12, until_removed: false },
      { code: 'jud_dishonest_debtor', points: -20, months: 0, until_removed: true },
      { code: 'com_citation', points: 2, months: 12, until_removed: false },
    ],
    ...overrides,
  }
}

/** A version of the scoring policy as GET /policies/scoring lists it. */
export function policyVersion(overrides: Partial<PolicyVersion> = {}): PolicyVersion {
  return {
    kind: 'scoring',
    version: 2,
    status: 'draft',
    note: '',
    created_by: 'admin',
    created_at: '2026-12-01T07:00:00Z',
    updated_at: '2026-12-01T07:00:00Z',
    published_by: '',
    published_at: null,
    revision: 'r1',
    policy: scoringPolicy(),
    ...overrides,
  }
}

/**
 * A score as GET /officials/9/score answers it: 87 = 100 − 22 − 1 + 12 − 2
 * (the commendation cap), graded 较差, forced by a criminal conviction
 * although the points earn 良好; a disputed traffic entry counts; three
 * records no longer count (expired, revoked, repaired).
 */
export function scoreDetail(): ScoreDetail {
  return {
    result: {
      as_of: '2026-12-01T00:00:00Z',
      policy_version: 1,
      base: 100,
      score: 87,
      grade: { key: 'poor', zh: '较差', en: 'Poor', min: null },
      score_grade: { key: 'good', zh: '良好', en: 'Good', min: 85 },
      forced_by: 1,
      items: [
        { kind: 'record', record_id: 1, category: 'judicial', code: 'jud_criminal', points: -22, rule_points: -22, counted_from: '2024-03-05T00:00:00Z', counted_until: '2029-03-05T00:00:00Z', forces_grade: 'poor' },
        { kind: 'record', record_id: 3, category: 'traffic', code: 'tr_points', points: -1, rule_points: -1, counted_from: '2026-07-01T00:00:00Z', counted_until: '2027-07-01T00:00:00Z', disputed: true },
        { kind: 'record', record_id: 4, category: 'commendation', code: 'com_citation', points: 12, rule_points: 12, counted_from: '2026-01-02T00:00:00Z', counted_until: '2027-01-02T00:00:00Z' },
        { kind: 'cap', category: 'commendation', points: -2, rule_points: 0 },
      ],
      not_counting: [
        { kind: 'record', record_id: 5, category: 'traffic', code: 'tr_points', points: 0, rule_points: -1, counted_from: '2022-05-18T00:00:00Z', counted_until: '2023-05-18T00:00:00Z', reason: 'expired' },
        { kind: 'record', record_id: 2, category: 'judicial', code: 'jud_dishonest_debtor', points: 0, rule_points: -20, counted_from: '2023-05-06T00:00:00Z', reason: 'revoked' },
        { kind: 'record', record_id: 6, category: 'traffic', code: 'tr_points', points: 0, rule_points: -1, counted_from: '2025-01-10T00:00:00Z', counted_until: '2025-03-01T00:00:00Z', reason: 'repaired', disputed: false },
      ],
    },
    history: [
      { date: '2020-12-01', score: 100, grade: 'excellent' },
      { date: '2024-03-05', score: 78, grade: 'poor' },
      { date: '2026-01-02', score: 88, grade: 'poor' },
      { date: '2026-07-01', score: 87, grade: 'poor' },
    ],
  }
}

/** The shipped lookup policy, cut down: two purposes (one confidential) and four modules (property needs two approvers). */
export function lookupPolicy(): LookupPolicy {
  return {
    version: 1,
    name: '默认查询审批规则',
    pending_hours: 72,
    default_days: 7,
    max_days: 30,
    max_officials: 20,
    purposes: [
      { key: 'clue_disposal', zh: '线索处置', en: 'Handling of a lead', confidential: false },
      { key: 'disciplinary_review', zh: '纪律审查', en: 'Disciplinary review', confidential: true },
    ],
    modules: [
      { key: 'basic', zh: '基本信息', en: 'Basic information', categories: [], sensitive: false, two_approvers: false },
      { key: 'judicial', zh: '司法信息', en: 'Judicial records', categories: ['judicial'], sensitive: false, two_approvers: false },
      { key: 'credit', zh: '信用信息', en: 'Credit', categories: ['traffic'], sensitive: false, two_approvers: false },
      { key: 'property', zh: '个人及家庭财产等有关事项', en: 'Personal and family property', categories: ['personal_report'], sensitive: true, two_approvers: true },
      { key: 'leads', zh: '问题线索', en: 'Problem leads', categories: ['lead'], sensitive: true, two_approvers: true, not_scored: true },
    ],
  }
}

/** A pending request by jw_staff for 陈诚信 (official 9): basic and judicial, 10 days. */
export function lookup(overrides: Partial<Lookup> = {}): Lookup {
  return {
    id: 12,
    requester: 'jw_staff',
    purpose: 'clue_disposal',
    confidential: false,
    reason: '核查群众举报线索',
    legal_basis: '云纪线〔2026〕8号',
    modules: ['basic', 'judicial'],
    requested_days: 10,
    granted: [],
    state: 'pending',
    pending_until: '2026-12-04T08:00:00Z',
    access_from: null,
    access_until: null,
    seconds_left: 3 * 86_400,
    decided_by: '',
    decided_at: null,
    decision_note: '',
    revoked_by: '',
    revoked_at: null,
    revoke_reason: '',
    awaiting_second: false,
    policy_version: 1,
    created_at: '2026-12-01T08:00:00Z',
    officials: [{ id: 9, name: '陈诚信', id_number_masked: '320102********1239', department_id: 20, department_name: '云州市住房和城乡建设局' }],
    approvals: [],
    ...overrides,
  }
}

/** An open high-level warning of 陈诚信 raised by a criminal conviction. */
export function warning(overrides: Partial<Warning> = {}): Warning {
  return {
    id: 36,
    official: { id: 9, name: '陈诚信', id_number_masked: '320102********1239', department_id: 20, department_name: '云州市住房和城乡建设局' },
    rule: 'serious_record',
    level: 'high',
    state: 'open',
    records: [{ id: 1, category: 'judicial', code: 'jud_criminal', decision_date: '2026-10-06', state: 'active' }],
    detail: {},
    policy_version: 1,
    raised_at: '2026-12-01T07:51:31Z',
    updated_at: '2026-12-01T07:51:31Z',
    acked_by: '',
    acked_at: null,
    resolved_by: '',
    resolved_at: null,
    resolution_note: '',
    ...overrides,
  }
}

/** Two of the shipped warning rules. */
export function warningPolicy(): WarningPolicy {
  return {
    version: 1,
    name: '默认预警规则',
    rules: [
      { key: 'score_below', kind: 'score_below', level: 'high', zh: '积分低于70分', en: 'Score below 70' },
      { key: 'serious_record', kind: 'serious_record', level: 'high', zh: '新增严重记录', en: 'New serious record' },
    ],
  }
}

// --- Eligibility checks -------------------------------------------------

/**
 * An eligibility policy over the small catalogue: promotion barred for
 * good by a criminal conviction, rank promotion during a traffic entry's
 * influence period (combined), commendation in the year of one.
 */
export function eligibilityPolicy(): EligibilityPolicy {
  return {
    version: 1,
    name: '默认资格审查规则',
    combining: {
      one_act: { zh: '同一行为，按照影响期长的执行', en: 'One act: the longer effect governs', source: '《组织处理规定（试行）》' },
      one_decision: { zh: '一个决定，执行最重的', en: 'One decision: the heaviest', source: '《公职人员政务处分法》' },
      during_period: { zh: '处分期间又受处分，期间相加', en: 'During a period: added', source: '《行政机关公务员处分条例》第10条', categories: ['gov_sanction'], max_months: 48 },
    },
    reasons: [
      { key: 'criminal_conviction', zh: '受过刑事处罚', en: 'Criminal conviction' },
      { key: 'sanction_period_running', zh: '处分影响期内', en: 'Within a sanction’s influence period' },
      { key: 'under_investigation', zh: '正在接受立案审查调查', en: 'Under investigation' },
      { key: 'grade_below_minimum', zh: '诚信等次低于要求', en: 'Integrity grade below the minimum' },
      { key: 'score_below_minimum', zh: '诚信积分低于要求', en: 'Integrity score below the minimum' },
    ],
    periods: [{ code: 'tr_points', months: 12, permanent: false }],
    purposes: [
      { key: 'promotion', zh: '提拔任用', en: 'Promotion', bars: [{ reason: 'criminal_conviction', codes: ['jud_criminal'], categories: null, period: 'permanent', id: 'criminal_conviction', source: '《公务员法》第26条' }] },
      { key: 'rank_promotion', zh: '晋升职级', en: 'Rank promotion', bars: [{ reason: 'sanction_period_running', codes: null, categories: ['traffic'], period: 'record', id: 'effect_period', source: '《公职人员政务处分法》第19条' }] },
      { key: 'commendation', zh: '评先评优', en: 'Commendation', bars: [{ reason: 'sanction_period_running', codes: ['tr_points'], categories: null, period: 'calendar_year', id: 'commendation_year', source: '《公务员奖励规定》' }], assessment_year: true, min_grade: 'good' },
    ],
  }
}

/** A stored check of four candidates for promotion, one of each verdict. */
export function eligibilityCheck(overrides: Partial<EligibilityCheck> = {}): EligibilityCheck {
  return {
    id: 5,
    purpose: 'promotion',
    as_of: '2026-12-01',
    assessment_year: null,
    created_by: 'hr_staff',
    origin: 'api',
    filename: '',
    eligibility_version: 1,
    scoring_version: 2,
    input_digest: '9f2c4e1a7b3d5f60a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718',
    total: 4,
    eligible: 1,
    ineligible: 1,
    needs_review: 1,
    not_found: 1,
    created_at: '2026-12-01T08:00:00Z',
    ...overrides,
  }
}

/** The four verdicts of `eligibilityCheck()`, in row order. */
export function eligibilityResults(): EligibilityResult[] {
  const base = { grade: 'good', outcome: '', outcome_note: '', outcome_by: '', outcome_at: null } as const
  return [
    {
      ...base, row: 1, official_id: 9, input: '320102********1239', name: '陈诚信', department_name: '云州市住房和城乡建设局', verdict: 'ineligible', grade: 'poor',
      reasons: [{ code: 'criminal_conviction', record_id: 1, category: 'judicial', record_code: 'jud_criminal', decided_on: '2026-10-06', permanent: true }],
      eligible_from: null,
    },
    { ...base, row: 2, official_id: 12, input: '12', name: '李明', department_name: '清江区教育局', verdict: 'eligible', reasons: [], eligible_from: null },
    {
      ...base, row: 3, official_id: 14, input: '14', name: '王芳', department_name: '清江区财政局', verdict: 'needs_review',
      reasons: [{ code: 'sanction_period_running', record_id: 3, category: 'traffic', record_code: 'tr_points', decided_on: '2026-07-01', until: '2027-07-01', disputed: true, combined: true, combined_by: 'during_period', rule: 'effect_period', source: '《行政机关公务员处分条例》第10条', linked_record_ids: [4] }],
      eligible_from: '2027-07-01',
    },
    { ...base, row: 4, official_id: null, input: '320102********0018', name: '', department_name: '', verdict: 'not_found', reasons: [], eligible_from: null, grade: '' },
  ]
}
