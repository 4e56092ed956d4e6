import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Plugin } from 'vite'

// Element Plus is imported by name where it is used (`import { ElButton }
// from 'element-plus'`), so only those components reach the bundle. This
// plugin brings their styles along: each such import also imports the
// component's own stylesheet (element-plus/es/components/<name>/style/css,
// which pulls in what the component needs, say the popper of a select), so
// a page's chunk carries the styles of the components on it and no others.

const IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']element-plus["']/g

/** ElFormItem → form-item, vLoading → loading, ElMessageBox → message-box; null for what is not a component. */
export function styleDirOf(name: string): string | null {
  const bare = name.trim().split(/\s+as\s+/)[0]?.trim() ?? ''
  const match = /^(?:El|v)([A-Z][A-Za-z]*)$/.exec(bare)
  if (!match?.[1]) return null
  return match[1].replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}

/** The style imports for the Element Plus names a module imports, in their order, each once. */
export function styleImports(code: string, hasStyle: (dir: string) => boolean): string[] {
  const dirs = new Set<string>()
  for (const match of code.matchAll(IMPORT)) {
    for (const name of (match[1] ?? '').split(',')) {
      if (/^\s*type\s/.test(name)) continue
      const dir = styleDirOf(name)
      if (dir && hasStyle(dir)) dirs.add(dir)
    }
  }
  return [...dirs].map((dir) => `import 'element-plus/es/components/${dir}/style/css';`)
}

export function elementPlusStyles(): Plugin {
  const require = createRequire(import.meta.url)
  const components = path.join(path.dirname(require.resolve('element-plus/package.json')), 'es', 'components')
  const known = new Map<string, boolean>()
  const hasStyle = (dir: string) => {
    let found = known.get(dir)
    if (found === undefined) {
      found = existsSync(path.join(components, dir, 'style', 'css.mjs'))
      known.set(dir, found)
    }
    return found
  }
  return {
    name: 'integrity:element-plus-styles',
    // After the Vue and TypeScript transforms: type-only imports are gone.
    enforce: 'post',
    transform(code, id) {
      if (id.includes('/node_modules/') || !/\.(vue|ts|js)(\?|$)/.test(id) || !code.includes('element-plus')) return null
      const imports = styleImports(code, hasStyle)
      if (imports.length === 0) return null
      return { code: `${imports.join('\n')}\n${code}`, map: null }
    },
  }
}
