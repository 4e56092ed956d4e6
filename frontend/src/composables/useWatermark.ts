import { computed } from 'vue'
import { useSessionStore } from '@/stores/session'
import { useNow } from './useNow'

/** How often the time in the watermark moves on: it shows minutes. */
const TICK_MS = 20_000

const pad = (value: number) => String(value).padStart(2, '0')

/** The local date and time to the minute, as `2026-12-05 14:30`. */
export function minuteStamp(ms: number): string {
  const at = new Date(ms)
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}`
}

/** Who looks and when: `张三 jw_staff 2026-12-05 14:30` (the username once when it is also the display name). */
export function watermarkText(displayName: string, username: string, ms: number): string {
  const who = [displayName, username].filter((part, index, parts) => part && parts.indexOf(part) === index)
  return [...who, minuteStamp(ms)].join(' ')
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!)

/**
 * One tile of the watermark as a CSS background: `text` written across an
 * SVG at an angle in faint grey, an SVG data URL (no request, no font
 * download, printed with the page).
 */
export function watermarkImage(text: string): string {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="380" height="240">' +
    '<text x="190" y="120" text-anchor="middle" dominant-baseline="middle" transform="rotate(-25 190 120)" ' +
    'font-family="PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif" font-size="15" fill="#303133" fill-opacity="0.11">' +
    `${escapeXml(text)}</text></svg>`
  return `url("data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}")`
}

/**
 * The watermark of the signed-in viewer: their display name, username and
 * the current time to the minute (it moves on while the page is open),
 * and the background image that repeats it.
 */
export function useWatermark() {
  const session = useSessionStore()
  const now = useNow(TICK_MS)
  const text = computed(() => watermarkText(session.me?.display_name ?? '', session.username ?? session.me?.username ?? '', now.value))
  const image = computed(() => watermarkImage(text.value))
  return { text, image }
}
