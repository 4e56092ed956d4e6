import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { elementPlusStyles } from './build/elementPlusStyles'
import { precompress } from './build/precompress'

// The Go server (`integrity serve`) listens here during development.
const backend = process.env.INTEGRITY_DEV_BACKEND ?? 'http://127.0.0.1:8080'
const proxied = ['/api', '/healthz', '/readyz', '/metrics']

// Vue, its router, i18n and store are on every page: one long-cached chunk.
// Element Plus and ECharts are not grouped: each page's chunks carry the
// components and charts it uses, so the sign-in page loads no chart at all.
const vueChunk = /node_modules[\\/](@?vue|@vue|vue-router|vue-i18n|@intlify|pinia)[\\/]/

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
    // (~510 kB, ~146 kB brotli), loaded only with a chart.
    chunkSizeWarningLimit: 520,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          return vueChunk.test(id) ? 'vue' : undefined
        },
      },
    },
  },
})
