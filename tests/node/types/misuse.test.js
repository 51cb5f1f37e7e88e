// The typings refuse misuse with the expected errors: tests/node/types/misuse.ts is
// compiled with tsc --strict; every line marked `// TSnnnn` must fail with exactly that
// code, and no unmarked line may fail (so a typing that got looser, or stricter, shows).
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const ROOT = path.join(__dirname, '..', '..', '..')
const FILE = path.join(__dirname, 'misuse.ts')

test('index.d.ts: each misuse in misuse.ts fails with its expected error, and only those', () => {
  const expected = new Map()
  fs.readFileSync(FILE, 'utf8').split('\n').forEach((line, i) => {
    const m = line.match(/\/\/ (TS\d+)$/)
    if (m) expected.set(i + 1, m[1])
  })
  assert.ok(expected.size >= 20, 'misuse.ts lists its cases')
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] })
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--pretty', 'false',
    '--target', 'es2022', '--module', 'node16', '--moduleResolution', 'node16', FILE],
  { cwd: ROOT, encoding: 'utf8' })
  assert.equal(r.stderr, '')
  const got = new Map()
  for (const m of r.stdout.matchAll(/misuse\.ts\((\d+),\d+\): error (TS\d+)/g)) {
    const line = Number(m[1])
    assert.ok(!got.has(line), `one error on line ${line}:\n${r.stdout}`)
    got.set(line, m[2])
  }
  assert.deepEqual(Object.fromEntries(got), Object.fromEntries(expected), r.stdout)
})
