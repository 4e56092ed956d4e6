import type { CatalogueCategory } from '@/api/catalogue'

/**
 * How a category reads in a file: commendations green, the heavy sanctions
 * (forms 3 and 4, convictions) red, other discipline orange, credit-type
 * entries (repairable: penalties, traffic, arrears) amber.
 */
export type Tone = 'positive' | 'severe' | 'discipline' | 'credit' | 'neutral'

export const TONE_COLORS: Record<Tone, string> = {
  positive: '#2e7d32',
  severe: '#c8102e',
  discipline: '#e6731a',
  credit: '#d4a017',
  neutral: '#909399',
}

/** Derived from the catalogue's flags, so a category added later gets a colour too. */
export function categoryTone(category: Pick<CatalogueCategory, 'positive' | 'codes'>): Tone {
  if (category.positive) return 'positive'
  const codes = category.codes ?? []
  if (codes.some((code) => code.form >= 3)) return 'severe'
  if (codes.some((code) => code.repairable)) return 'credit'
  return 'discipline'
}

export function toneColor(tone: Tone): string {
  return TONE_COLORS[tone]
}
