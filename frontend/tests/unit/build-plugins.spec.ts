import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { styleDirOf, styleImports } from '../../build/elementPlusStyles'
import { precompressDir } from '../../build/precompress'

describe('Element Plus styles on demand', () => {
  it('names the style folder of each component, directive and service', () => {
    expect(styleDirOf('ElButton')).toBe('button')
    expect(styleDirOf(' ElFormItem ')).toBe('form-item')
    expect(styleDirOf('ElMessageBox as Box')).toBe('message-box')
    expect(styleDirOf('vLoading')).toBe('loading')
    expect(styleDirOf('useLocale')).toBeNull()
    expect(styleDirOf('version')).toBeNull()
  })

  it('imports the styles of what a module takes from element-plus, each once, and of nothing else', () => {
    const code = [
      "import { ElButton, ElFormItem, ElMessage, useLocale, type FormRules } from 'element-plus'",
      'import {ElButton,\n  ElTable} from "element-plus"',
      "import { ElChart } from 'not-element-plus'",
    ].join('\n')
    const known = new Set(['button', 'form-item', 'message', 'table'])
    expect(styleImports(code, (dir) => known.has(dir))).toEqual([
      "import 'element-plus/es/components/button/style/css';",
      "import 'element-plus/es/components/form-item/style/css';",
      "import 'element-plus/es/components/message/style/css';",
      "import 'element-plus/es/components/table/style/css';",
    ])
    expect(styleImports(code, () => false)).toEqual([])
  })
})

describe('precompressed twins', () => {
  let dir = ''
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('writes .br and .gz beside each text file they make smaller, decoding to the file', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'precompress-'))
    const script = 'export const greeting = "hello";\n'.repeat(100)
    await writeFile(path.join(dir, 'app.js'), script)
    await writeFile(path.join(dir, 'tiny.css'), 'a{}')
    await writeFile(path.join(dir, 'logo.png'), Buffer.alloc(4096))

    expect(await precompressDir(dir)).toBe(2)

    expect((await readdir(dir)).sort()).toEqual(['app.js', 'app.js.br', 'app.js.gz', 'logo.png', 'tiny.css'])
    expect(brotliDecompressSync(await readFile(path.join(dir, 'app.js.br'))).toString()).toBe(script)
    expect(gunzipSync(await readFile(path.join(dir, 'app.js.gz'))).toString()).toBe(script)
  })
})
