import type { WarningLevel, WarningState } from '@/api/warnings'

/** How urgent a warning looks: high red, medium orange, low blue, info grey. */
export const LEVEL_ALERT_TYPES: Record<WarningLevel, 'error' | 'warning' | 'primary' | 'info'> = {
  high: 'error',
  medium: 'warning',
  low: 'primary',
  info: 'info',
}

export const LEVEL_TAG_TYPES: Record<WarningLevel, 'danger' | 'warning' | 'primary' | 'info'> = {
  high: 'danger',
  medium: 'warning',
  low: 'primary',
  info: 'info',
}

export const STATE_TAG_TYPES: Record<WarningState, 'danger' | 'warning' | 'success'> = {
  open: 'danger',
  acknowledged: 'warning',
  resolved: 'success',
}

/** Unknown levels (a later policy) read as info. */
export function alertTypeOf(level: string): 'error' | 'warning' | 'primary' | 'info' {
  return LEVEL_ALERT_TYPES[level as WarningLevel] ?? 'info'
}

export function tagTypeOf(level: string): 'danger' | 'warning' | 'primary' | 'info' {
  return LEVEL_TAG_TYPES[level as WarningLevel] ?? 'info'
}

/** The same levels as chart colours (the app's red, orange, blue, grey). */
export const LEVEL_COLORS: Record<WarningLevel, string> = {
  high: '#c8102e',
  medium: '#b34d00',
  low: '#1a4d8f',
  info: '#5f6368',
}
