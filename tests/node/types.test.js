// The package's typings (node/lib/index.d.ts): the README's usage compiles with tsc
// --strict (tests/node/types/check.ts), and every runtime export is declared.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const halchemy = require('halchemy')

const ROOT = path.join(__dirname, '..', '..')

test('index.d.ts: the README usage type-checks and misuse does not', () => {
  const tsc = require.resolve('typescript/bin/tsc')
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022',
    '--module', 'node16', '--moduleResolution', 'node16',
    path.join(__dirname, 'types', 'check.ts')], { cwd: ROOT, encoding: 'utf8' })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})

test('index.d.ts declares every runtime export', () => {
  const dts = fs.readFileSync(path.join(ROOT, 'node', 'lib', 'index.d.ts'), 'utf8')
  for (const name of Object.keys(halchemy)) {
    assert.match(dts, new RegExp(`export declare (class|const|function) ${name}\\b`), name)
    assert.match(dts, new RegExp(`^  ${name}: typeof ${name}$`, 'm'), `${name} in the default export`)
  }
})
