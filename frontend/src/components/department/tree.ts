import type { Department } from '@/api/departments'

/** One node of the department tree as el-tree and el-tree-select take it. */
export interface DepartmentNode {
  id: number
  label: string
  department: Department
  children: DepartmentNode[]
  disabled?: boolean
}

/**
 * Builds the tree from the flat list (`GET /departments`). Siblings are
 * ordered by sort_order, then code. A department whose parent is not in the
 * list (outside the caller's scope) becomes a root.
 */
export function buildDepartmentTree(
  departments: readonly Department[],
  label: (department: Department) => string = (department) => department.name,
): DepartmentNode[] {
  const nodes = new Map<number, DepartmentNode>()
  for (const department of departments) {
    nodes.set(department.id, { id: department.id, label: label(department), department, children: [] })
  }
  const roots: DepartmentNode[] = []
  for (const node of nodes.values()) {
    const parentId = node.department.parent_id
    const parent = parentId === null ? undefined : nodes.get(parentId)
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }
  const order = (a: DepartmentNode, b: DepartmentNode) =>
    a.department.sort_order - b.department.sort_order || a.department.code.localeCompare(b.department.code)
  const sort = (list: DepartmentNode[]) => {
    list.sort(order)
    for (const node of list) sort(node.children)
  }
  sort(roots)
  return roots
}

/** The ids of `id` and everything below it (a department cannot move there). */
export function subtreeIds(roots: readonly DepartmentNode[], id: number): Set<number> {
  const found = new Set<number>()
  const collect = (node: DepartmentNode) => {
    found.add(node.id)
    node.children.forEach(collect)
  }
  const visit = (list: readonly DepartmentNode[]): boolean =>
    list.some((node) => {
      if (node.id === id) {
        collect(node)
        return true
      }
      return visit(node.children)
    })
  visit(roots)
  return found
}

/** A copy of the tree with the nodes in `ids` disabled. */
export function disableNodes(roots: readonly DepartmentNode[], ids: ReadonlySet<number>): DepartmentNode[] {
  return roots.map((node) => ({
    ...node,
    disabled: ids.has(node.id),
    children: disableNodes(node.children, ids),
  }))
}
