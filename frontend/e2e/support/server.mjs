// Starts the real Go server (`integrity serve`) for browser tests, on a free
// port with a throw-away SQLite database, and stops it again.
import { spawn } from 'node:child_process'
import { constants } from 'node:fs'
import { access, mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'

export const frontendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const distDir = path.join(frontendDir, 'dist')

const LOG_LIMIT = 256 * 1024

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address())
      probe.close(() => resolve(port))
    })
  })
}

async function mustExist(file, mode, hint) {
  try {
    await access(file, mode)
  } catch {
    throw new Error(`${file} is missing. ${hint}`)
  }
}

/**
 * Starts `<INTEGRITY_BIN> serve` (default ../bin/integrity) serving the built
 * frontend from dist/, in development demo mode. Resolves once GET /readyz
 * answers 200; rejects with the server's output if it exits first or is not
 * ready within `readyTimeoutMs`.
 *
 * @param {{ env?: Record<string, string>, readyTimeoutMs?: number }} [options]
 */
export async function startServer({ env = {}, readyTimeoutMs = 60_000 } = {}) {
  const bin = path.resolve(frontendDir, process.env.INTEGRITY_BIN ?? '../bin/integrity')
  await mustExist(bin, constants.X_OK, 'Build it: cd .. && go build -o bin/integrity ./cmd/integrity (or set INTEGRITY_BIN).')
  await mustExist(path.join(distDir, 'index.html'), constants.R_OK, 'Build the frontend first: npm run build.')

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'integrity-e2e-'))
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  const child = spawn(bin, ['serve'], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      INTEGRITY_ADDR: `127.0.0.1:${port}`,
      INTEGRITY_DATABASE_URL: `sqlite:${path.join(dataDir, 'e2e.db')}`,
      INTEGRITY_DATA_DIR: dataDir,
      INTEGRITY_ENV: 'development',
      INTEGRITY_DEMO: '1',
      INTEGRITY_DEMO_OFFICIALS: '50',
      INTEGRITY_WEB_DIR: distDir,
      ...env,
    },
  })

  const logs = { stdout: '', stderr: '' }
  const keep = (stream) => (chunk) => {
    logs[stream] = (logs[stream] + chunk).slice(-LOG_LIMIT)
  }
  child.stdout.setEncoding('utf8').on('data', keep('stdout'))
  child.stderr.setEncoding('utf8').on('data', keep('stderr'))

  /** @type {Promise<string>} how the process ended */
  const exited = new Promise((resolve) => {
    child.once('error', (error) => resolve(`failed to start: ${error.message}`))
    child.once('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exit code ${code}`))
  })
  let exitReason = null
  void exited.then((reason) => (exitReason = reason))
  // If this test process dies, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)

  const describe = (what) =>
    `integrity serve ${what}.\n--- stderr ---\n${logs.stderr || '(empty)'}\n--- stdout ---\n${logs.stdout || '(empty)'}`

  async function stop() {
    process.off('exit', killOnExit)
    if (exitReason === null) {
      child.kill('SIGTERM')
      const reason = await Promise.race([exited, delay(10_000, null, { ref: false })])
      if (reason === null) {
        child.kill('SIGKILL')
        await exited
      }
    }
    if (!process.env.INTEGRITY_E2E_KEEP_DATA) await rm(dataDir, { recursive: true, force: true })
  }

  const deadline = Date.now() + readyTimeoutMs
  let lastProbe = 'no answer yet'
  while (Date.now() < deadline) {
    if (exitReason !== null) {
      await stop()
      throw new Error(describe(`ended before it was ready (${exitReason})`))
    }
    try {
      const response = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(2_000) })
      if (response.status === 200) {
        return { baseURL, port, dataDir, logs: () => ({ ...logs }), stop }
      }
      lastProbe = `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`
    } catch (error) {
      lastProbe = String(error?.cause?.code ?? error?.message ?? error)
    }
    await delay(250)
  }
  await stop()
  throw new Error(describe(`was not ready after ${readyTimeoutMs / 1000} s (last /readyz: ${lastProbe})`))
}
