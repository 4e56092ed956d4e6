import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['tests/unit/**/*.spec.ts'],
      setupFiles: ['tests/unit/setup.ts'],
      restoreMocks: true,
      unstubGlobals: true,
      // Element Plus imports async-validator as an ES module default; loaded
      // natively by Node it gets the CommonJS build instead, whose default is
      // not the class, and every failing form rule then passes silently.
      // Bundling Element Plus through Vite resolves the ES build.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
)
