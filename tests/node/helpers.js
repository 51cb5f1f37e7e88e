// helpers.js: what the node:test files share: the local test servers of tests/server (two
// origins), the JSON vectors of tests/vectors/ (the files the C tests and pytest read too),
// and a config-free environment so a developer's ~/.halchemy cannot change a result.
'use strict'
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const readline = require('node:readline')
const test = require('node:test')
const halchemy = require('halchemy')

const ROOT = path.join(__dirname, '..', '..')

// An empty file named by HALCHEMY_CONFIG wins over any project or home .halchemy.
const SCRATCH = fs.mkdtempSync(path.join(os.tmpdir(), 'halchemy-node-test-'))
const EMPTY_CONFIG = path.join(SCRATCH, 'empty.ini')
fs.writeFileSync(EMPTY_CONFIG, '')
process.env.HALCHEMY_CONFIG = EMPTY_CONFIG
process.on('exit', () => fs.rmSync(SCRATCH, { recursive: true, force: true }))

// Starts the server script `script` (a path) with `args`, as the Node suites all do
// (tests/server/CONTRACT.md: its first stdout line is its base URL); resolves with
// { base, stop }. options: `python` (the interpreter, default python3), `cwd`.
function startScript (script, args = [], { python = 'python3', cwd } = {}) {
  return new Promise((resolve, reject) => {
    const proc = spawn(python, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'] })
    const lines = readline.createInterface({ input: proc.stdout })
    lines.once('line', (base) => {
      lines.close()
      proc.removeAllListeners('exit')
      resolve({ base: base.trim(), stop: () => proc.kill('SIGTERM') })
    })
    proc.once('error', reject)
    proc.once('exit', (code) => reject(new Error(`${path.relative(ROOT, script)} exited with ${code}`)))
  })
}

// The repository's test server (tests/server/server.py) on a free port.
const startServer = () => startScript(path.join(ROOT, 'tests', 'server', 'server.py'), ['--port', '0'])

// Two servers (two origins) for the tests of one file: `servers.base`, `servers.other`.
function useServers () {
  const servers = { base: null, other: null }
  let a, b
  test.before(async () => {
    [a, b] = await Promise.all([startServer(), startServer()])
    servers.base = a.base
    servers.other = b.base
  })
  test.after(() => { a && a.stop(); b && b.stop() })
  return servers
}

function vectors (name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'vectors', name), 'utf8')).cases
}

// The community RFC 6570 suite (tests/vectors/uritemplate/*.json).
function communitySuite () {
  const dir = path.join(ROOT, 'tests', 'vectors', 'uritemplate')
  const cases = []
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const groups = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))
    for (const [group, body] of Object.entries(groups)) {
      for (const [template, expected] of body.testcases) cases.push({ file, group, variables: body.variables, template, expected })
    }
  }
  return cases
}

const caseName = (c) => (c.comment ? `${c.comment} ${JSON.stringify(c).slice(0, 60)}` : JSON.stringify(c).slice(0, 90))

// hc_code names of the vectors -> the error a JS user catches: tests/vectors/errors.json,
// the core's one table (SPEC §10).
const ERRORS = {}
for (const kind of JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'vectors', 'errors.json'), 'utf8')).table) {
  ERRORS[kind.code] = halchemy[kind.class] || globalThis[kind.class]
}

// SPEC §2, §6: the built-in settings and default headers.
const DEFAULTS = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'vectors', 'defaults.json'), 'utf8'))

// `check` for assert.throws/rejects: the error class of the vector's code, with that `code`.
const isCoreError = (code, text) => (e) =>
  e instanceof ERRORS[code] && e.code === code && (text === undefined || e.message.includes(text))

// A port on 127.0.0.1 where nothing listens.
async function closedPort () {
  const srv = net.createServer()
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const { port } = srv.address()
  await new Promise((resolve) => srv.close(resolve))
  return port
}

module.exports = { DEFAULTS, ROOT, SCRATCH, EMPTY_CONFIG, startScript, startServer, useServers, vectors, communitySuite, caseName, ERRORS, isCoreError, closedPort }
