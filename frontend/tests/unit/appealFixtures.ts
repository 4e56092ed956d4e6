import type { Appeal } from '@/api/appeals'
import type { Catalogue } from '@/api/catalogue'
import { catalogue, record } from './fixtures'
import type { IntegrityRecord } from '@/api/records'

/** The small catalogue with the government sanctions: 警告, 记过, 记大过. */
export const sanctionCatalogue: Catalogue = {
  ...catalogue,
  categories: [
    ...catalogue.categories,
    {
      key: 'gov_sanction',
      zh: '政务处分',
      en: 'Government sanction',
      document_required: true,
      positive: false,
      codes: [
        { key: 'gov_warning', zh: '警告', en: 'Warning', form: 3, repairable: false, open_ended: false, category: 'gov_sanction' },
        { key: 'gov_demerit', zh: '记过', en: 'Demerit', form: 3, repairable: false, open_ended: false, category: 'gov_sanction' },
        { key: 'gov_major_demerit', zh: '记大过', en: 'Major demerit', form: 3, repairable: false, open_ended: false, category: 'gov_sanction' },
      ],
    },
  ],
}

/** 陈诚信's 记大过 (record 7) of the clerk's source. */
export function sanctionRecord(overrides: Partial<IntegrityRecord> = {}): IntegrityRecord {
  return record({
    id: 7,
    category: 'gov_sanction',
    code: 'gov_major_demerit',
    decision_date: '2026-03-02',
    document_no: '云监处〔2026〕12号',
    authority: '云州市监察委员会',
    summary: '在履行职责中违规审批项目，给予记大过处分。',
    ...overrides,
  })
}

/** An open 复核 of record 7, due 2026-09-01. */
export function appeal(overrides: Partial<Appeal> = {}): Appeal {
  return {
    id: 3,
    record_id: 7,
    official_id: 9,
    official_name: '陈诚信',
    id_number_masked: '320102********1239',
    record_category: 'gov_sanction',
    record_code: 'gov_major_demerit',
    record_decision_date: '2026-03-02',
    kind: 'recheck',
    filed_on: '2026-07-01',
    authority: '云州市人民政府',
    reason: '认定事实不清，处分过重。',
    state: 'open',
    due_on: '2026-09-01',
    overdue: false,
    outcome: '',
    decided_on: null,
    new_code: '',
    new_period_months: null,
    document_no: '',
    decision_note: '',
    record_version: 0,
    created_by: 'clerk',
    decided_by: '',
    decided_at: null,
    created_at: '2026-07-01T08:00:00Z',
    ...overrides,
  }
}
