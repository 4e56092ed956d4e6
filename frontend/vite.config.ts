import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { elementPlusStyles } from './build/elementPlusStyles'
import { precompress } from './build/precompress'

// The Go server (`integrity serve`) listens here during development.
const backend = process.env.INTEGRITY_DEV_BACKEND ?? 'http://127.0.0.1:8080'
const proxied = ['/api', '/healthz', '/readyz', '/metrics']

// How the build groups modules into chunks (output.codeSplitting). Left to
// itself, rolldown gives every set of pages that shares some modules a chunk
// of its own: an official's file made 123 requests, 81 under 1.5 KB (API
// clients, composables, pieces of Element Plus), at a round trip per six on
// HTTP/1.1. The groups, highest priority first, each take their modules
// from the groups below:
// - vue: Vue, its router, i18n and store, on every page; one long-cached chunk.
// - first: what the entry imports ('$initial', which rolldown finds after
//   tree shaking, so only the parts of Element Plus the sign-in page uses),
//   merged into the entry chunk: the sign-in page loads that, vue and its
//   styles, nothing else.
// - charts: ECharts and every module that imports it, at any depth (the
//   chart components, the cards that hold them), when two or more pages use
//   them; only pages with a chart load it.
// - signed-in: every other module that two or more pages (or the layout and
//   a page) use; the first page past sign-in loads it, and it comes from the
//   cache after. No module of the sign-in page is in it, so the sign-in page
//   never loads it, and it imports nothing from charts.
// A module one page alone uses stays in that page's chunk. The two shared
// groups take no dependencies along (includeDependenciesRecursively: false):
// what a shared module imports is itself shared by the same pages, so it is
// in the entry, vue, charts or signed-in, never in a page's chunk.
const vueChunk = /node_modules[\\/](@?vue|@vue|vue-router|vue-i18n|@intlify|pinia)[\\/]/
const chartChunk = /node_modules[\\/](echarts|zrender|vue-echarts|tslib)[\\/]/

type ModuleInfo = {
  importers: readonly string[]
  dynamicImporters: readonly string[]
  importedIds: readonly string[]
  dynamicallyImportedIds: readonly string[]
}
type ModuleGraph = { getModuleInfo(id: string): ModuleInfo | null }

/**
 * The modules that draw a chart: ECharts and whatever imports it, at any
 * depth (the chart components, the cards that hold them). Found once, from
 * the first module asked about (a build chunks once): the whole graph, then
 * up the static imports from ECharts.
 */
function chartModules(graph: ModuleGraph, from: string): Set<string> {
  const all = new Set([from])
  const queue = [from]
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const info = graph.getModuleInfo(id)
    const near = info ? [...info.importers, ...info.dynamicImporters, ...info.importedIds, ...info.dynamicallyImportedIds] : []
    for (const next of near) if (!all.has(next)) all.add(next), queue.push(next)
  }
  const charts = new Set([...all].filter((id) => chartChunk.test(id)))
  const up = [...charts]
  for (let id = up.pop(); id !== undefined; id = up.pop()) {
    for (const by of graph.getModuleInfo(id)?.importers ?? []) if (!charts.has(by)) charts.add(by), up.push(by)
  }
  return charts
}

/** The chart group's name function: 'charts' for a module that draws one. */
function chartGroup() {
  let charts: Set<string> | undefined
  return (id: string, graph: ModuleGraph) => {
    charts ??= chartModules(graph, id)
    return charts.has(id) ? 'charts' : null
  }
}

export default defineConfig({
  plugins: [vue(), elementPlusStyles(), precompress()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: backend, changeOrigin: false }])),
  },
  preview: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: backend, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The largest chunk is ECharts' core with the charts the app registers
    // and the components that draw them (~570 kB, ~162 kB brotli), loaded
    // only with a chart; next, the signed-in code (~510 kB, ~128 kB brotli).
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vue', test: vueChunk, priority: 40 },
            { name: 'first', tags: ['$initial'], priority: 30 },
            { name: chartGroup(), debugName: 'charts', minShareCount: 2, includeDependenciesRecursively: false, priority: 20 },
            { name: 'signed-in', minShareCount: 2, includeDependenciesRecursively: false, priority: 10 },
          ],
        },
      },
    },
  },
})
