import type { Catalogue } from '@/api/catalogue'
import type { IntegrityRecord } from '@/api/records'

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
