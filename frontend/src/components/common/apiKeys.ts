import type { Page } from '@/api/paging'
import type { CreatedSourceKey, SourceKey } from '@/api/sources'

/** What ApiKeysDrawer does with the keys of one holder (a source, an API client). */
export interface ApiKeysBackend {
  list: () => Promise<Page<SourceKey>>
  create: (name: string) => Promise<CreatedSourceKey>
  revoke: (keyId: number) => Promise<SourceKey>
}
