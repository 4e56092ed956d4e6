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
      // A test waits for what the user would see (flushPromises, polling a
      // condition), never for a fixed time; the limit only stops a test that
      // hangs. Mounting the policy editors takes several seconds on a busy
      // machine, so the limit is generous.
      testTimeout: 60_000,
      unstubGlobals: true,
      // Element Plus imports async-validator as an ES module default; loaded
      // natively by Node it gets the CommonJS build instead, whose default is
      // not the class, and every failing form rule then passes silently.
      // Bundling Element Plus through Vite resolves the ES build.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
)
