// helpers.js: what the node:test files share: the local test servers (two origins) and
// the JSON vectors of tests/vectors/, the same files the C tests and pytest read.
'use strict'
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')

const ROOT = path.join(__dirname, '..', '..')

function startServer () {
  return new Promise((resolve, reject) => {
    const proc = spawn('python3', [path.join(ROOT, 'tests', 'server', 'server.py'), '--port', '0'],
      { stdio: ['ignore', 'pipe', 'inherit'] })
    const lines = readline.createInterface({ input: proc.stdout })
    lines.once('line', (base) => { lines.close(); resolve({ base: base.trim(), stop: () => proc.kill('SIGTERM') }) })
    proc.once('error', reject)
    proc.once('exit', (code) => reject(new Error(`test server exited with ${code}`)))
  })
}

function vectors (name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'vectors', name), 'utf8')).cases
}

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

const caseName = (c) => c.comment || JSON.stringify(c).slice(0, 70)

module.exports = { ROOT, startServer, vectors, communitySuite, caseName }
