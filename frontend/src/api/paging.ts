/** A page of a list endpoint: `?page=&page_size=` answers `{items, total}`. */
export interface Page<T> {
  items: T[]
  total: number
}

export interface PageQuery {
  /** 1-based. */
  page?: number
  /** At most MAX_PAGE_SIZE. */
  page_size?: number
}

export const MAX_PAGE_SIZE = 200
