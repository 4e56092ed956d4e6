import { inject, provide, type InjectionKey, type Ref } from 'vue'
import type { CatalogueCategory } from '@/api/catalogue'

/**
 * What every part of a policy editor (scoring or eligibility) works with:
 * the catalogue's categories, the server's field errors, whether the
 * version shown is read-only, and how codes, categories and grades are
 * named. The editor provides it; its tables and panels take it from there
 * rather than through a prop each.
 */
export interface PolicyEditorContext {
  categories: Readonly<Ref<readonly CatalogueCategory[]>>
  serverFields: Readonly<Ref<Readonly<Record<string, string>>>>
  readonly: Readonly<Ref<boolean>>
  codeLabel: (key: string) => string
  categoryLabel: (key: string) => string
  gradeLabel: (key: string) => string
}

const key: InjectionKey<PolicyEditorContext> = Symbol('policy editor')

export function providePolicyEditor(context: PolicyEditorContext): void {
  provide(key, context)
}

export function usePolicyEditor(): PolicyEditorContext {
  const context = inject(key)
  if (!context) throw new Error('a part of a policy editor is used outside one')
  return context
}
