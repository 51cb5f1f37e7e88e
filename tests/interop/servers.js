// servers.js: starts a real HAL server of tests/interop/<name>/ for a node:test file
// (tests/interop/CONTRACT.md) and stops it after the file's tests.
'use strict'
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const test = require('node:test')
const { startScript } = require('../node/helpers') // one way for every Node suite

const ROOT = path.join(__dirname, '..', '..')
const PYTHON = process.env.HALCHEMY_PYTHON || path.join(ROOT, '.venv', 'bin', 'python')

// An empty file named by HALCHEMY_CONFIG wins over any project or home .halchemy.
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), 'halchemy-interop-'))
const EMPTY_CONFIG = path.join(SCRATCH, 'empty.ini')
fs.writeFileSync(EMPTY_CONFIG, '')
process.env.HALCHEMY_CONFIG = EMPTY_CONFIG
process.on('exit', () => fs.rmSync(SCRATCH, { recursive: true, force: true }))

const start = (name) => startScript(path.join(__dirname, name, 'serve.py'), [], { python: PYTHON, cwd: ROOT })

// The server `name` for the tests of one file: `server.base` is set before they run.
function useServer (name) {
  const server = { base: null }
  let running
  test.before(async () => {
    running = await start(name)
    server.base = running.base
  }, { timeout: 600000 })
  test.after(() => { running && running.stop() })
  return server
}

module.exports = { useServer, ROOT }
