import { describe, expect, it } from 'vitest'
import { defaultAssessmentYear } from '@/views/eligibility/candidates'

describe('the assessment year a check judges by default', () => {
  it('is last year in January to March, when assessments are made', () => {
    expect(defaultAssessmentYear(new Date(2026, 0, 15))).toBe(2025)
    expect(defaultAssessmentYear(new Date(2026, 2, 31))).toBe(2025)
  })
  it('is this year from April', () => {
    expect(defaultAssessmentYear(new Date(2026, 3, 1))).toBe(2026)
    expect(defaultAssessmentYear(new Date(2026, 11, 5))).toBe(2026)
  })
})
