/**
 * The page a signed-out user comes back to after login (`?redirect=`):
 * same-origin paths only, never the login page itself.
 */
export function safeRedirect(value: unknown): string {
  const target = Array.isArray(value) ? value[0] : value
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) return '/'
  if (target.startsWith('/login') || target.includes('\\')) return '/'
  return target
}
