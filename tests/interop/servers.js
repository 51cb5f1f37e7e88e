// servers.js: starts a real HAL server of tests/interop/<name>/ for a node:test file
// (tests/interop/CONTRACT.md) and stops it after the file's tests.
'use strict'
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const readline = require('node:readline')
const test = require('node:test')

const ROOT = path.join(__dirname, '..', '..')
const PYTHON = process.env.HALCHEMY_PYTHON || path.join(ROOT, '.venv', 'bin', 'python')

// An empty file named by HALCHEMY_CONFIG wins over any project or home .halchemy.
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), 'halchemy-interop-'))
const EMPTY_CONFIG = path.join(SCRATCH, 'empty.ini')
fs.writeFileSync(EMPTY_CONFIG, '')
process.env.HALCHEMY_CONFIG = EMPTY_CONFIG
process.on('exit', () => fs.rmSync(SCRATCH, { recursive: true, force: true }))

function start (name) {
  return new Promise((resolve, reject) => {
    const proc = spawn(PYTHON, [path.join(__dirname, name, 'serve.py')],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    const lines = readline.createInterface({ input: proc.stdout })
    lines.once('line', (base) => {
      lines.close()
      proc.removeAllListeners('exit')
      resolve({ base: base.trim(), stop: () => proc.kill('SIGTERM') })
    })
    proc.once('error', reject)
    proc.once('exit', (code) => reject(new Error(`the ${name} server exited with ${code}`)))
  })
}

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
