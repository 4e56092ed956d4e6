/**
 * What the self-service policy allows as attachments, for hints before
 * sending: PDF, PNG or JPEG, each at most 5 MiB, at most 5 files (the
 * shipped policies/selfservice.yaml). The server reads each file's content
 * and decides; a deployment's other limits come back as its field errors.
 */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const
export const ATTACHMENT_ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg'
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
export const ATTACHMENTS_MAX = 5

export type AttachmentHint = 'type' | 'size' | 'empty'

/** Why a file will probably be refused, from its name, type and size; null when it looks fine. */
export function attachmentHint(file: Pick<File, 'name' | 'type' | 'size'>): AttachmentHint | null {
  if (file.size === 0) return 'empty'
  if (file.size > ATTACHMENT_MAX_BYTES) return 'size'
  const byType = (ATTACHMENT_TYPES as readonly string[]).includes(file.type)
  const byName = /\.(pdf|png|jpe?g)$/i.test(file.name)
  return byType || (file.type === '' && byName) ? null : 'type'
}

/** 1536 → "1.5 KB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
