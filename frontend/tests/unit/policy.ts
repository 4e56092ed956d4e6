import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * The server's route policy (policies/policy.csv), read as the server reads
 * it: the API calls each role may make, as `GET /me` lists them. Tests sign
 * users in with the permissions of their roles, so the UI under test follows
 * the one policy the server enforces.
 */
// Vitest runs in frontend/; the policy file is the server's, beside it.
const lines = readFileSync(resolve(process.cwd(), '..', 'policies', 'policy.csv'), 'utf8')
  .split('\n')
  .map((line) => line.split(',').map((cell) => cell.trim()))
  .filter((cells) => cells[0] === 'p' && cells.length === 4 && cells[2].startsWith('/api/'))

/** The permissions of a signed-in user holding `roles`, sorted, as `/me` sends them. */
export function permissionsOf(roles: readonly string[]): string[] {
  const held = new Set(['authenticated', ...roles])
  const out = new Set<string>()
  for (const [, role, route, method] of lines) if (held.has(role)) out.add(`${method} ${route}`)
  return [...out].sort()
}
