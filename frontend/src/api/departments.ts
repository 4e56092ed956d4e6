import type { Page } from './paging'
import { request } from './request'
import type { components } from '@api-schema'

type Schemas = components['schemas']

export type DepartmentKind = 'city' | 'district' | 'bureau' | 'street'

export const DEPARTMENT_KINDS: readonly DepartmentKind[] = ['city', 'district', 'bureau', 'street']

export type Department = Schemas['Department']

export interface CreateDepartmentInput {
  parent_id: number | null
  code: string
  name: string
  name_en?: string
  kind: DepartmentKind
  sort_order?: number
}

export interface UpdateDepartmentInput {
  parent_id?: number | null
  name?: string
  name_en?: string
  sort_order?: number
}

/** The whole tree the caller may see, flat, in path order. */
export function listDepartments(signal?: AbortSignal): Promise<Page<Department>> {
  return request<Page<Department>>('/departments', { signal })
}

export function createDepartment(input: CreateDepartmentInput): Promise<Department> {
  return request<Department>('/departments', { method: 'POST', body: input })
}

/** Moving a department under itself or a descendant is a 400 on `parent_id`. */
export function updateDepartment(id: number, input: UpdateDepartmentInput): Promise<Department> {
  return request<Department>(`/departments/${id}`, { method: 'PATCH', body: input })
}
