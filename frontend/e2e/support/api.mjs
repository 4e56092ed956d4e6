// Direct API calls for test setup (as a person would do it in another tool):
// sign in as a demo user and call the JSON API with the bearer token.
import { DEMO_PASSWORD } from './login.mjs'

/** Signs in `username` against the server at `baseURL`; resolves a small JSON client. */
export async function apiAs(baseURL, username, password = DEMO_PASSWORD) {
  const login = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!login.ok) throw new Error(`login ${username}: HTTP ${login.status} ${await login.text()}`)
  const { access_token: token } = await login.json()

  async function call(method, path, body) {
    const response = await fetch(`${baseURL}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : undefined }
  }
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) }
}

/** An 18-character resident ID number: 17 digits and the ISO 7064 MOD 11-2 check character. */
export function idNumber(area, birth, sequence) {
  const body = `${area}${birth}${sequence}`
  if (!/^\d{17}$/.test(body)) throw new Error(`not 17 digits: ${body}`)
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.reduce((total, weight, i) => total + weight * Number(body[i]), 0)
  return body + '10X98765432'[sum % 11]
}
