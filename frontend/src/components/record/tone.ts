import type { CatalogueCategory } from '@/api/catalogue'

/**
 * How a category reads in a file: commendations green, the heavy sanctions
 * (forms 3 and 4, convictions) red, other discipline orange, credit-type
 * entries (repairable: penalties, traffic, arrears) amber.
 */
export type Tone = 'positive' | 'severe' | 'discipline' | 'credit' | 'neutral'

/** Each carries white text in a dark tag at 4.5:1 or more (WCAG 2.1 AA). */
export const TONE_COLORS: Record<Tone, string> = {
  positive: '#2e7d32',
  severe: '#c8102e',
  discipline: '#b34d00',
  credit: '#7f6300',
  neutral: '#5f6368',
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
