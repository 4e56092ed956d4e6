// Regenerates the API types from the OpenAPI document into a temporary file
// and fails when they differ from the committed generated/api.d.ts: the
// frontend's types and the server's contract must not drift apart.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const spec = join(root, '..', 'internal', 'httpapi', 'openapi.yaml')
const committed = join(root, 'generated', 'api.d.ts')
const dir = mkdtempSync(join(tmpdir(), 'api-types-'))
try {
  const fresh = join(dir, 'schema.d.ts')
  execFileSync(join(root, 'node_modules', '.bin', 'openapi-typescript'), [spec, '-o', fresh], { stdio: 'pipe' })
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error('frontend/generated/api.d.ts is stale: run npm run gen:api (in frontend/) and commit it')
    process.exit(1)
  }
  console.log('API types match internal/httpapi/openapi.yaml')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
