import { request } from './request'

/** `GET /api/v1/meta`: what the server says about itself. Public. */
export interface Meta {
  name: string
  version: string
  environment: string
  /** True when the server runs with generated demo data. */
  demo: boolean
}

export function getMeta(signal?: AbortSignal): Promise<Meta> {
  return request<Meta>('/meta', { signal })
}
