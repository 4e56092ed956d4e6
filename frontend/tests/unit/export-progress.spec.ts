import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LOCALE_STORAGE_KEY } from '@/stores/locale'
import RecordsView from '@/views/records/RecordsView.vue'
import { catalogue } from './fixtures'
import { fakeServer, jsonResponse, mountApp, problemResponse, waitFor } from './helpers'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** An export whose answer the test sends: first the headers, then the body chunk by chunk. */
function exportAnswer(headers: Record<string, string>) {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  const cancelled = vi.fn()
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c
    },
    cancel: cancelled,
  })
  let answer!: (response: Response) => void
  const answered = new Promise<Response>((resolve) => (answer = resolve))
  let signal: AbortSignal | undefined
  return {
    /** The fetch of GET /records/export: it waits for `headers()`, and rejects when its request is aborted, as a browser's does. */
    fetch: (init: RequestInit = {}) => {
      signal = init.signal ?? undefined
      return new Promise<Response>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')), { once: true })
        void answered.then(resolve)
      })
    },
    headers: () => answer(new Response(body, { status: 200, headers: { 'Content-Type': XLSX, ...headers } })),
    chunk: (bytes: number) => controller.enqueue(new Uint8Array(bytes).fill(7)),
    end: () => controller.close(),
    cancelled,
    aborted: () => signal?.aborted === true,
  }
}

function serve(exportFetch: (init?: RequestInit) => Promise<Response>, total = 42) {
  const server = fakeServer({
    'GET /api/v1/catalogue': () => jsonResponse(200, catalogue),
    'GET /api/v1/records': () => jsonResponse(200, { items: [], total }),
  })
  const fetch = vi.fn((input: string, init?: RequestInit) => (input.split('?')[0] === '/api/v1/records/export' ? exportFetch(init) : server.fetch(input, init)))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

/** Catches what would be saved: the object URL's blob and the link's click. */
function catchSaves() {
  const created = vi.fn((_blob: Blob) => 'blob:saved')
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }))
  const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
  return { created, clicked }
}

const status = () => document.querySelector('[data-testid="list-export-status"]')
const bar = () => document.querySelector('[data-testid="list-export-bar"]')
const cancelButton = () => document.querySelector<HTMLButtonElement>('[data-testid="list-export-cancel"]')

async function startExport() {
  const mounted = await mountApp(RecordsView, { path: '/records', roles: ['data_clerk'] })
  await flushPromises()
  await mounted.wrapper.get('[data-testid="list-export"]').trigger('click')
  return mounted
}

describe('an export’s progress', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('says how many rows are prepared, then how much has arrived, and saves the file when all has', async () => {
    const server = exportAnswer({ 'Content-Length': '200', 'X-Export-Rows': '42', 'Content-Disposition': 'attachment; filename="records.xlsx"' })
    serve(server.fetch)
    const { created, clicked } = catchSaves()
    const { wrapper } = await startExport()

    await waitFor(() => expect(status()?.textContent).toBe('正在生成 42 行…'))
    expect(status()?.getAttribute('aria-live')).toBe('polite')
    expect(bar()?.querySelector('.el-progress-bar__inner--indeterminate')).not.toBeNull()
    expect(bar()?.hasAttribute('aria-valuenow')).toBe(false)
    expect(wrapper.get('[data-testid="list-export"]').text()).toBe('正在导出…')

    server.headers()
    await waitFor(() => expect(status()?.textContent).toBe('正在下载 0%'))
    expect(bar()?.querySelector('.el-progress-bar__inner--indeterminate')).toBeNull()
    server.chunk(50)
    await waitFor(() => expect(status()?.textContent).toBe('正在下载 25%'))
    expect(bar()?.getAttribute('aria-valuenow')).toBe('25')
    server.chunk(100)
    await waitFor(() => expect(status()?.textContent).toBe('正在下载 75%'))
    expect(clicked).not.toHaveBeenCalled()
    server.chunk(50)
    await waitFor(() => expect(status()?.textContent).toBe('正在下载 100%'))
    server.end()

    await waitFor(() => expect(clicked).toHaveBeenCalledOnce())
    const saved = created.mock.calls[0]?.[0]
    expect(saved?.size).toBe(200)
    expect(saved?.type).toBe(XLSX)
    await waitFor(() => expect(document.body.textContent).toContain('已导出 42 行'))
    expect(status()?.textContent).toBe('')
    expect(bar()).toBeNull()
    expect(wrapper.get('[data-testid="list-export"]').text()).toBe('导出 Excel')
  })

  it('shows the file arriving without a percentage when the server sends no Content-Length', async () => {
    const server = exportAnswer({ 'X-Export-Rows': '3' })
    serve(server.fetch, 3)
    const { clicked } = catchSaves()
    await startExport()
    await waitFor(() => expect(status()?.textContent).toBe('正在生成 3 行…'))
    server.headers()
    server.chunk(10)
    await waitFor(() => expect(status()?.textContent).toBe('正在下载…'))
    expect(bar()?.querySelector('.el-progress-bar__inner--indeterminate')).not.toBeNull()
    server.end()
    await waitFor(() => expect(clicked).toHaveBeenCalledOnce())
    await waitFor(() => expect(document.body.textContent).toContain('已导出 3 行'))
  })

  it('cancels while the file arrives: the download stops, nothing is saved and it says so', async () => {
    const server = exportAnswer({ 'Content-Length': '100', 'X-Export-Rows': '42' })
    serve(server.fetch)
    const { clicked } = catchSaves()
    const { wrapper } = await startExport()
    server.headers()
    server.chunk(30)
    await waitFor(() => expect(status()?.textContent).toBe('正在下载 30%'))

    cancelButton()?.click()
    await waitFor(() => expect(document.body.querySelector('.el-message--info')?.textContent).toContain('已取消导出'))
    expect(server.aborted()).toBe(true)
    expect(server.cancelled).toHaveBeenCalledOnce()
    expect(clicked).not.toHaveBeenCalled()
    expect(document.body.querySelector('.el-message--error')).toBeNull()
    expect(cancelButton()).toBeNull()
    expect(wrapper.get('[data-testid="list-export"]').text()).toBe('导出 Excel')
  })

  it('cancels while the server still prepares the file: the request is aborted', async () => {
    const server = exportAnswer({ 'Content-Length': '100' })
    serve(server.fetch)
    const { clicked } = catchSaves()
    await startExport()
    await waitFor(() => expect(status()?.textContent).toBe('正在生成 42 行…'))

    cancelButton()?.click()
    await waitFor(() => expect(document.body.querySelector('.el-message--info')?.textContent).toContain('已取消导出'))
    expect(server.aborted()).toBe(true)
    expect(clicked).not.toHaveBeenCalled()
    expect(status()?.textContent).toBe('')
  })

  it('says the server’s reason when it refuses the export', async () => {
    const fetch = serve(() =>
      Promise.resolve(problemResponse(400, 'invalid', { detail: 'the filters select 120000 rows; at most 100000 are exported at once' })),
    )
    const { clicked } = catchSaves()
    const { wrapper } = await startExport()
    await waitFor(() =>
      expect(document.body.querySelector('.el-message--error')?.textContent).toContain('the filters select 120000 rows; at most 100000 are exported at once'),
    )
    expect(fetch.mock.calls.filter(([url]) => url.startsWith('/api/v1/records/export'))).toHaveLength(1)
    expect(clicked).not.toHaveBeenCalled()
    expect(status()?.textContent).toBe('')
    expect(wrapper.get('[data-testid="list-export"]').text()).toBe('导出 Excel')
  })

  it('speaks English to an English reader', async () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'en')
    const server = exportAnswer({ 'Content-Length': '10', 'X-Export-Rows': '42' })
    serve(server.fetch)
    catchSaves()
    await startExport()
    await waitFor(() => expect(status()?.textContent).toBe('Preparing 42 rows…'))
    expect(cancelButton()?.textContent?.trim()).toBe('Cancel export')
    server.headers()
    server.chunk(5)
    await waitFor(() => expect(status()?.textContent).toBe('Downloading 50%'))
    cancelButton()?.click()
    await waitFor(() => expect(document.body.querySelector('.el-message--info')?.textContent).toContain('Export cancelled'))
  })
})
