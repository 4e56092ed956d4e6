import type { Download } from './request'

/**
 * Hands a downloaded file to the browser to save, through an object URL
 * (the file came with the bearer token, so a plain link cannot fetch it).
 */
export function saveDownload(download: Download, fallbackName: string): void {
  const url = URL.createObjectURL(download.blob)
  const link = document.createElement('a')
  link.href = url
  link.download = download.filename || fallbackName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 1_000)
}
