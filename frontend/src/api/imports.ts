import type { FieldError } from './errors'
import type { Page, PageQuery } from './paging'
import { request, requestBlob, type Download } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

export type ImportStatus = 'queued' | 'running' | 'done' | 'failed'

export const IMPORT_STATUSES: readonly ImportStatus[] = ['queued', 'running', 'done', 'failed']

/** One bulk intake of a file. */
export type Import = Schemas['Import']

/** With the first 200 problems; row is the row in the file (the header is row 1). */
export interface ImportDetail extends Import {
  errors: FieldError[]
}

export function isFinished(status: ImportStatus): boolean {
  return status === 'done' || status === 'failed'
}

/**
 * Uploads a CSV or XLSX file; 202 with the import queued. The dry_run part
 * goes before the file part, as the server reads it only then.
 */
export function startImport(file: File, dryRun: boolean): Promise<Import> {
  const form = new FormData()
  form.append('dry_run', dryRun ? 'true' : 'false')
  form.append('file', file, file.name)
  return request<Import>('/imports', { method: 'POST', body: form, query: { dry_run: dryRun } })
}

/** Newest first, without the problems; `status` keeps those in that state. */
export function listImports(query: PageQuery & { status?: ImportStatus }, signal?: AbortSignal): Promise<Page<Import>> {
  return request<Page<Import>>('/imports', { query: { ...query }, signal })
}

export function getImport(id: number, signal?: AbortSignal): Promise<ImportDetail> {
  return request<ImportDetail>(`/imports/${id}`, { signal })
}

/** Every problem of the import as a workbook. */
export function downloadImportErrors(id: number): Promise<Download> {
  return requestBlob(`/imports/${id}/errors`)
}

/** The workbook to fill in, with the code list. */
export function downloadImportTemplate(): Promise<Download> {
  return requestBlob('/imports/template')
}
