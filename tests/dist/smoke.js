// smoke.js: run by tests/dist/npm_forms.sh from a fresh project that installed halchemy
// (copied into that project, so `require('halchemy')` resolves its node_modules, not this
// checkout). Checks the version, says which addon was loaded (prebuild or compiled), then
// runs examples/optimistic_concurrency.js (also copied beside it) against the demo server
// examples/server/server.py --port 0: a real GET, PATCH with If-Match, and a 412; and
// smoke.mjs (`import { Api } from 'halchemy'`) when it was copied beside this file.
//   node smoke.js SERVER_PY [prebuild|compiled]   (the second: which addon must be used)
'use strict'
const { spawn, execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')

const [serverPy, expectKind] = process.argv.slice(2)

function fail (why) { console.error(`smoke: FAIL: ${why}`); process.exit(1) }

const halchemy = require('halchemy')
const pkg = require('halchemy/package.json')
if (halchemy.version !== pkg.version) fail(`version ${halchemy.version} is not package.json's ${pkg.version}`)
const installed = fs.realpathSync(path.dirname(require.resolve('halchemy/package.json')))
const addon = Object.keys(require.cache).find((f) => f.endsWith('.node'))
if (!addon) fail('no .node file was loaded')
const kind = addon.includes(`${path.sep}prebuilds${path.sep}`) ? 'prebuild' : 'compiled'
console.log(`smoke: halchemy ${halchemy.version} from ${installed}; addon ${path.relative(installed, addon)} (${kind})`)
if (!fs.realpathSync(addon).startsWith(installed + path.sep)) fail(`the addon ${addon} is not inside the installed package ${installed}`)
if (expectKind && kind !== expectKind) fail(`expected the ${expectKind} addon, got ${addon}`)

const server = spawn('python3', [serverPy, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
const timer = setTimeout(() => { server.kill(); fail('the demo server did not start in 20 s') }, 20000)
server.once('exit', (code) => fail(`the demo server exited with ${code}`))
readline.createInterface({ input: server.stdout }).once('line', (base) => {
  clearTimeout(timer)
  server.removeAllListeners('exit')
  let out
  try {
    out = execFileSync(process.execPath, [path.join(__dirname, 'optimistic_concurrency.js')],
      { env: { ...process.env, HALCHEMY_BASE_URL: base.trim() }, encoding: 'utf8', timeout: 30000 })
  } catch (err) {
    server.kill()
    fail(`the example failed: ${err.stderr || err.message}`)
  }
  // the ES-module face too, when npm_forms.sh copied smoke.mjs beside this file
  const esm = path.join(__dirname, 'smoke.mjs')
  if (fs.existsSync(esm)) {
    try {
      out += execFileSync(process.execPath, [esm, base.trim()], { encoding: 'utf8', timeout: 30000 })
    } catch (err) {
      server.kill()
      fail(`smoke.mjs failed: ${err.stderr || err.message}`)
    }
  }
  server.kill()
  process.stdout.write(out.replace(/^/gm, '  | '))
  if (!/-> 200; givenName is now Leslie/.test(out)) fail('the undisturbed PATCH did not answer 200')
  if (!/Someone else has changed customer #A375\./.test(out)) fail('the stale PATCH did not answer 412')
  console.log('smoke: OK')
})
