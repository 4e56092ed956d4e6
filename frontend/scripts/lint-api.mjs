// Lints the OpenAPI document (internal/httpapi/openapi.yaml) with Redocly's
// recommended rules and fails on any problem, errors and warnings alike:
// redocly's own exit code counts errors only. Runs offline (no telemetry,
// no update check).
import { execFileSync } from 'node:child_process'

const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }
let out
try {
  out = execFileSync('redocly', ['lint', '../internal/httpapi/openapi.yaml', '--config', 'redocly.yaml', '--format=json'], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
} catch (error) {
  out = error.stdout // exit 1 on errors: the JSON is still there
}
const report = JSON.parse(out)
const { errors, warnings } = report.totals
for (const p of report.problems) {
  const where = p.location?.[0]?.pointer ?? ''
  console.error(`${p.severity} ${p.ruleId}: ${p.message} at ${where}`)
}
console.log(`openapi.yaml: ${errors} errors, ${warnings} warnings (redocly ${report.version}, recommended rules)`)
process.exit(errors + warnings > 0 ? 1 : 0)
