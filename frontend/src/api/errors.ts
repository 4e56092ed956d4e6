import type { components } from '@api-schema'

type Schemas = components['schemas']
/** One field-level problem, as listed in a problem+json `errors` array. */
export type FieldError = Schemas['FieldError']

/** An RFC 9457 problem details body. Every member is optional on the wire. */
export interface ProblemDetails {
  type?: string
  title?: string
  status?: number
  detail?: string
  /** The detail's stable key and values (the problems table says it in the UI's language). */
  detail_key?: string
  detail_params?: string[]
  /** The server's machine-readable error code, e.g. `otp_required`. */
  code?: string
  errors?: FieldError[]
  request_id?: string
}

export interface ApiErrorInit {
  status: number
  title: string
  detail?: string
  detailKey?: string
  detailParams?: string[]
  type?: string
  code?: string
  fieldErrors?: FieldError[]
  requestId?: string
  /** Seconds to wait before trying again (the Retry-After header). */
  retryAfter?: number | null
  /** The request's method (GET, POST, …), when known. */
  method?: string
  cause?: unknown
}

/** GET and HEAD read and change nothing, so sending one again is harmless. */
export function isReadMethod(method: string): boolean {
  const upper = method.toUpperCase()
  return upper === 'GET' || upper === 'HEAD'
}

/**
 * The one error type the API layer throws. `status` is the HTTP status, or 0
 * when no response came back (network failure). `fieldErrors` maps a request
 * field to its message(s), ready for an el-form-item's `error` prop.
 */
export class ApiError extends Error {
  readonly status: number
  readonly title: string
  readonly detail: string
  /** The detail's stable key ('' when it has none) and the values in it. */
  readonly detailKey: string
  readonly detailParams: readonly string[]
  readonly type: string
  /** The problem's `code` (`unauthenticated`, `otp_required`, `conflict`, …), '' when absent. */
  readonly code: string
  readonly fieldErrors: Readonly<Record<string, string>>
  /** The field errors as sent, in order, each with its row when it has one (a candidate list's line). */
  readonly problems: readonly FieldError[]
  readonly requestId: string
  /** Seconds the server asks us to wait (429, 503 Retry-After), null when it did not say. */
  readonly retryAfter: number | null
  /** The method of the request that failed, upper case; '' when not known. */
  readonly method: string

  constructor(init: ApiErrorInit) {
    super(init.detail || init.title, { cause: init.cause })
    this.name = 'ApiError'
    this.status = init.status
    this.title = init.title
    this.detail = init.detail ?? ''
    this.detailKey = init.detailKey ?? ''
    this.detailParams = Array.isArray(init.detailParams) ? init.detailParams.map(String) : []
    this.type = init.type ?? 'about:blank'
    this.code = init.code ?? ''
    this.fieldErrors = groupFieldErrors(init.fieldErrors ?? [])
    this.problems = Array.isArray(init.fieldErrors)
      ? init.fieldErrors.filter((error) => typeof error?.field === 'string' && typeof error?.message === 'string')
      : []
    this.requestId = init.requestId ?? ''
    this.retryAfter = init.retryAfter ?? null
    this.method = (init.method ?? '').toUpperCase()
  }

  get isNetworkError(): boolean {
    return this.status === 0
  }

  /** The request was a write (POST, PUT, PATCH, DELETE): a 503 means it was not applied. */
  get isWrite(): boolean {
    return this.method !== '' && !isReadMethod(this.method)
  }

  static fromProblem(
    status: number,
    statusText: string,
    problem: ProblemDetails | null,
    headers?: Headers,
    method?: string,
  ): ApiError {
    return new ApiError({
      status,
      title: problem?.title || statusText || `HTTP ${status}`,
      detail: problem?.detail,
      detailKey: typeof problem?.detail_key === 'string' ? problem.detail_key : undefined,
      detailParams: Array.isArray(problem?.detail_params) ? problem.detail_params : undefined,
      type: problem?.type,
      code: typeof problem?.code === 'string' ? problem.code : undefined,
      fieldErrors: problem?.errors,
      requestId: typeof problem?.request_id === 'string' ? problem.request_id : undefined,
      retryAfter: parseRetryAfter(headers?.get('Retry-After') ?? null),
      method,
    })
  }

  static network(cause: unknown, method?: string): ApiError {
    return new ApiError({ status: 0, title: 'Network error', cause, method })
  }
}

/** Retry-After is either delay-seconds or an HTTP date; the answer is whole seconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const at = Date.parse(value)
  if (Number.isNaN(at)) return null
  return Math.max(0, Math.ceil((at - now) / 1000))
}

function groupFieldErrors(errors: readonly FieldError[]): Record<string, string> {
  const grouped: Record<string, string> = {}
  if (!Array.isArray(errors)) return grouped
  for (const { field, message } of errors) {
    if (typeof field !== 'string' || typeof message !== 'string') continue
    grouped[field] = grouped[field] ? `${grouped[field]}; ${message}` : message
  }
  return grouped
}

export function isProblemDetails(value: unknown): value is ProblemDetails {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
