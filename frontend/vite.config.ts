import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The Go server (`integrity serve`) listens here during development.
const backend = process.env.INTEGRITY_DEV_BACKEND ?? 'http://127.0.0.1:8080'
const proxied = ['/api', '/healthz', '/readyz', '/metrics']

// Big libraries get their own long-cached chunks.
const vendorChunks: Record<string, RegExp> = {
  'element-plus': /node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|@sxzz|@vueuse|lodash|lodash-es|dayjs|async-validator)[\\/]/,
  echarts: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/,
  vue: /node_modules[\\/](@?vue|@vue|vue-router|vue-i18n|@intlify|pinia)[\\/]/,
}

export default defineConfig({
  plugins: [vue()],
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
    // The Element Plus vendor chunk (~700 kB, ~225 kB gzip) is one long-cached file.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          for (const [name, pattern] of Object.entries(vendorChunks)) {
            if (pattern.test(id)) return name
          }
          return undefined
        },
      },
    },
  },
})
