import type { Dispute } from '@/api/disputes'
import type { AccessEntry, MyFile } from '@/api/me'
import type { Repair } from '@/api/repairs'
import type { Report } from '@/api/reports'
import { record, scoreDetail, warning } from './fixtures'

/**
 * Officials' self-service fixtures, over the small catalogue of fixtures.ts:
 * 陈诚信's own file with a criminal conviction (not repairable) and a traffic
 * entry (repairable), today's score, one open warning and two purposes.
 */
export function myFile(overrides: Partial<MyFile> = {}): MyFile {
  return {
    official: { id: 9, name: '陈诚信', id_number_masked: '320102********1239', department_id: 20, department_name: '云州市住房和城乡建设局', post: '科员', job_rank: '一级主任科员' },
    categories: [
      { key: 'judicial', zh: '司法', en: 'Judicial', records: [record({ id: 1 })] },
      { key: 'traffic', zh: '交通违法', en: 'Traffic violation', records: [record({ id: 3, category: 'traffic', code: 'tr_points', document_no: '', decision_date: '2026-07-01', source_name: '云州市公安局交通警察支队' })] },
    ],
    record_count: 2,
    score: scoreDetail(),
    warnings: [warning()],
    eligibility: [
      {
        purpose: 'promotion',
        verdict: 'ineligible',
        reasons: [{ code: 'criminal_conviction', record_id: 1, category: 'judicial', record_code: 'jud_criminal', decided_on: '2024-03-05', permanent: true }],
        score: 87,
        grade: 'poor',
        as_of: '2026-12-01',
      },
      { purpose: 'salary_step', verdict: 'eligible', reasons: [], score: 87, grade: 'poor', as_of: '2026-12-01' },
    ],
    ...overrides,
  }
}

/** An administrator's read and a discipline staff member's (not named) under a lookup. */
export function accessLog(): AccessEntry[] {
  return [
    { at: '2026-11-30T02:00:00Z', kind: 'file_read', role: 'discipline_staff', department: '云州市纪委监委', purpose: 'clue_disposal' },
    { at: '2026-11-02T03:04:05Z', kind: 'file_read', role: 'admin', department: '云州市', actor: 'admin' },
  ]
}

/** 陈诚信's open dispute of the criminal conviction, due 2026-12-08, with one PDF. */
export function dispute(overrides: Partial<Dispute> = {}): Dispute {
  return {
    id: 5,
    record: { id: 1, category: 'judicial', code: 'jud_criminal', decision_date: '2024-03-05', document_no: '（2024）云01刑初88号', version: 1 },
    official_name: '陈诚信',
    id_number_masked: '320102********1239',
    source_name: '云州市中级人民法院',
    state: 'open',
    due_on: '2026-12-08',
    overdue: false,
    decided_by: '',
    decided_at: null,
    decision_note: '',
    created_at: '2026-12-01T08:00:00Z',
    attachments: [{ id: 7, filename: '再审判决书.pdf', content_type: 'application/pdf', size: 2048 }],
    reason: '该判决已经再审改判，请核实。',
    ...overrides,
  }
}

export function repair(overrides: Partial<Repair> = {}): Repair {
  return {
    id: 6,
    record: { id: 3, category: 'traffic', code: 'tr_points', decision_date: '2026-07-01', document_no: '', version: 1 },
    official_name: '陈诚信',
    id_number_masked: '320102********1239',
    source_name: '云州市公安局交通警察支队',
    state: 'pending',
    due_on: '2026-12-15',
    overdue: false,
    decided_by: '',
    decided_at: null,
    decision_note: '',
    created_at: '2026-12-01T08:00:00Z',
    attachments: [],
    statement: '罚款已缴清',
    commitment: '本人承诺今后严格遵守交通法规',
    ...overrides,
  }
}

/** A report 陈诚信 issued, with its content. */
export function report(overrides: Partial<Report> = {}): Report {
  return {
    id: 3,
    code: 'UMWRPYQ5OBIZLGZEF6F40331',
    verify_path: '/verify/UMWRPYQ5OBIZLGZEF6F40331',
    via: 'self',
    issued_by: 'official',
    issued_at: '2026-12-01T08:32:43Z',
    digest: 'eafa688b6df9a9986786116cfa5258fbfbdbbf7624e5dd7ce60aa50411871e58',
    valid_until: '2099-03-01',
    revoked_at: null,
    content: {
      official: { name: '陈诚信', id_number_masked: '320102********1239', department: '云州市住房和城乡建设局', post: '科员' },
      score: 87,
      grade: { key: 'poor', zh: '较差', en: 'Poor' },
      policy_version: 1,
      as_of: '2026-12-01',
      records: [
        { category: 'judicial', code: 'jud_criminal', decision_date: '2024-03-05', document_no: '（2024）云01刑初88号', authority: '云州市中级人民法院', state: 'active', counts: true },
        { category: 'traffic', code: 'tr_points', decision_date: '2026-05-01', document_no: '', authority: '交警支队', state: 'active', counts: true, under_dispute: true },
      ],
      issued_by: 'official',
      issued_at: '2026-12-01T08:32:43Z',
      valid_until: '2099-03-01',
    },
    ...overrides,
  }
}
