import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

// The server sends a built file as it lies on disk, or its .br or .gz twin
// when the browser accepts that encoding (internal/httpapi/spa.go). This
// writes the twins once, at the strongest settings, when the build is done.

const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|txt|map|xml|wasm)$/
/** Below this the encoding's own overhead eats most of the gain. */
const MIN_BYTES = 512

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* files(full)
    else if (entry.isFile()) yield full
  }
}

/** Writes x.gz and x.br beside each compressible file of dir that they make smaller; returns how many twins it wrote. */
export async function precompressDir(dir: string): Promise<number> {
  let written = 0
  for await (const file of files(dir)) {
    if (!COMPRESSIBLE.test(file) || (await stat(file)).size < MIN_BYTES) continue
    const plain = await readFile(file)
    const twins: Array<[string, Buffer]> = [
      ['.br', brotliCompressSync(plain, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: plain.length,
        },
      })],
      ['.gz', gzipSync(plain, { level: constants.Z_BEST_COMPRESSION })],
    ]
    for (const [suffix, packed] of twins) {
      if (packed.length >= plain.length) continue
      await writeFile(file + suffix, packed)
      written++
    }
  }
  return written
}

export function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'integrity:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    async writeBundle() {
      await precompressDir(outDir)
    },
  }
}
