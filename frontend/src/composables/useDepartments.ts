import { computed, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { listDepartments, type Department } from '@/api/departments'
import { buildDepartmentTree } from '@/components/department/tree'
import { useLatestRequest } from './useLatestRequest'

/**
 * The departments the caller may see, flat and as a tree, with names in the
 * UI language (the English name when there is one).
 */
export function useDepartments() {
  const { locale } = useI18n()
  const list = shallowRef<Department[]>([])
  const { loading, error, run } = useLatestRequest()

  const label = (department: Department): string =>
    locale.value === 'en' && department.name_en ? department.name_en : department.name

  const tree = computed(() => buildDepartmentTree(list.value, label))
  const byId = computed(() => new Map(list.value.map((department) => [department.id, department])))

  function nameOf(id: number | null | undefined): string {
    if (id === null || id === undefined) return ''
    const department = byId.value.get(id)
    return department ? label(department) : `#${id}`
  }

  const load = () => run((signal) => listDepartments(signal), (page) => (list.value = page.items ?? []))

  return { list, tree, byId, loading, error, label, nameOf, load }
}
