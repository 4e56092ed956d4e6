/** One field-level problem, as listed in a problem+json `errors` array. */
export interface FieldError {
  field: string
  message: string
}

/** An RFC 9457 problem details body. Every member is optional on the wire. */
export interface ProblemDetails {
  type?: string
  title?: string
  status?: number
  detail?: string
  errors?: FieldError[]
}

export interface ApiErrorInit {
  status: number
  title: string
  detail?: string
  type?: string
  fieldErrors?: FieldError[]
  cause?: unknown
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
  readonly type: string
  readonly fieldErrors: Readonly<Record<string, string>>

  constructor(init: ApiErrorInit) {
    super(init.detail || init.title, { cause: init.cause })
    this.name = 'ApiError'
    this.status = init.status
    this.title = init.title
    this.detail = init.detail ?? ''
    this.type = init.type ?? 'about:blank'
    this.fieldErrors = groupFieldErrors(init.fieldErrors ?? [])
  }

  get isNetworkError(): boolean {
    return this.status === 0
  }

  static fromProblem(status: number, statusText: string, problem: ProblemDetails | null): ApiError {
    return new ApiError({
      status,
      title: problem?.title || statusText || `HTTP ${status}`,
      detail: problem?.detail,
      type: problem?.type,
      fieldErrors: problem?.errors,
    })
  }

  static network(cause: unknown): ApiError {
    return new ApiError({ status: 0, title: 'Network error', cause })
  }
}

function groupFieldErrors(errors: readonly FieldError[]): Record<string, string> {
  const grouped: Record<string, string> = {}
  for (const { field, message } of errors) {
    if (typeof field !== 'string' || typeof message !== 'string') continue
    grouped[field] = grouped[field] ? `${grouped[field]}; ${message}` : message
  }
  return grouped
}

export function isProblemDetails(value: unknown): value is ProblemDetails {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
