// Non-blocking by construction (issue #3): transfers run on Node's event loop through
// libcurl's multi interface. Hundreds in flight on one Api, the loop keeps ticking, nothing
// keeps a finished process alive, workers and early exits tear down cleanly; both module
// systems load the package.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const halchemy = require('halchemy')
const { useServers, ROOT } = require('./helpers')

const servers = useServers()

// Runs a script in a fresh node with the package as `h` and BASE set; returns the result.
function runScript (code, { timeout = 15000, args = [] } = {}) {
  const script = `const h = require(${JSON.stringify(ROOT)}); const BASE = ${JSON.stringify(servers.base)};\n${code}`
  const started = Date.now()
  const r = spawnSync(process.execPath, [...args, '-e', script], { encoding: 'utf8', timeout })
  return { ...r, ms: Date.now() - started }
}

test('200 requests in flight at once on one Api all resolve, each with its own result', async () => {
  const api = new halchemy.Api(servers.base)
  const many = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    api.usingEndpoint('/echo/{i}').withTemplateValues({ i }).withParameters({ n: i }).get()))
  assert.deepEqual(many.map((r) => r.path), Array.from({ length: 200 }, (_, i) => `/echo/${i}`))
  assert.deepEqual(many.map((r) => r.query), Array.from({ length: 200 }, (_, i) => `n=${i}`))
  assert.ok(many.every((r) => r._halchemy.response.status === 200))
})

test('many Apis in flight at once, with posts, errors and successes mixed', async () => {
  const apis = Array.from({ length: 10 }, () => new halchemy.Api(servers.base))
  const jobs = []
  for (const [i, api] of apis.entries()) {
    jobs.push(api.usingEndpoint('/echo').post({ i }).then((r) => JSON.parse(r.body).i))
    jobs.push(api.usingEndpoint('/status/500').get().then((r) => r._halchemy.response.status))
    jobs.push(api.usingEndpoint('/{bad').get().catch((e) => e.code))
  }
  const results = await Promise.all(jobs)
  assert.deepEqual(results, apis.flatMap((_, i) => [i, 500, 'template']))
})

test('the event loop keeps ticking while a slow request runs', async () => {
  const api = new halchemy.Api(servers.base)
  let ticks = 0
  const timer = setInterval(() => { ticks++ }, 10)
  const start = Date.now()
  const slow = await api.usingEndpoint('/slow/1').get()
  clearInterval(timer)
  assert.equal(slow._halchemy.response.status, 200)
  assert.ok(Date.now() - start >= 900)
  assert.ok(ticks >= 50, `the loop ticked ${ticks} times in a 1 s request`)
})

test('slow and fast requests overlap: fast ones finish while a slow one is in flight', async () => {
  const api = new halchemy.Api(servers.base)
  const order = []
  const slow = api.usingEndpoint('/slow/0.5').get().then(() => order.push('slow'))
  const fast = Promise.all(Array.from({ length: 20 }, () => api.usingEndpoint('/echo').get())).then(() => order.push('fast'))
  await Promise.all([slow, fast])
  assert.deepEqual(order, ['fast', 'slow'])
})

test('a script with no request in flight exits by itself', () => {
  const r = runScript(`const api = new h.Api(BASE);
    api.home.get().then((x) => api.follow(x).to('customers').get()).then((x) => console.log(x._halchemy.response.status))`)
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout.trim(), '200')
  assert.ok(r.ms < 5000, `exited after ${r.ms} ms`)
  const idle = runScript('new h.Api(BASE); console.log("made")')
  assert.equal(idle.status, 0, idle.stderr)
  assert.equal(idle.stdout.trim(), 'made')
})

test('a request in flight keeps the process alive until it settles', () => {
  const r = runScript(`new h.Api(BASE).usingEndpoint('/slow/0.5').get().then((x) => console.log('done', x._halchemy.response.status))`)
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout.trim(), 'done 200')
})

test('process.exit with requests in flight exits cleanly', () => {
  const r = runScript(`const api = new h.Api(BASE);
    for (let i = 0; i < 20; i++) api.usingEndpoint('/slow/5').get().catch(() => {});
    setTimeout(() => process.exit(3), 200)`)
  assert.equal(r.status, 3, r.stderr)
  assert.ok(r.ms < 4000, `took ${r.ms} ms`)
})

test('worker threads: each has its own loop; terminating one mid-request is clean', () => {
  const r = runScript(`const { Worker } = require('node:worker_threads');
    const src = 'const h = require(' + JSON.stringify(${JSON.stringify(ROOT)}) + '); const { parentPort, workerData } = require("node:worker_threads");' +
      'const api = new h.Api(workerData);' +
      'api.usingEndpoint("/echo/w").get().then((r) => { parentPort.postMessage(r.path); for (let i = 0; i < 10; i++) api.usingEndpoint("/slow/5").get().catch(() => {}); parentPort.postMessage("busy") })';
    let done = 0
    for (let n = 0; n < 3; n++) {
      const w = new Worker(src, { eval: true, workerData: BASE })
      w.on('message', (m) => { if (m === 'busy') w.terminate().then(() => { if (++done === 3) console.log('terminated 3') }); else console.log(m) })
      w.on('error', (e) => { console.error(e); process.exit(1) })
    }`)
  assert.equal(r.status, 0, r.stderr)
  assert.deepEqual(r.stdout.trim().split('\n'), ['/echo/w', '/echo/w', '/echo/w', 'terminated 3'])
  assert.ok(r.ms < 5000, `took ${r.ms} ms`)
})

test('an Api that is garbage collected mid-request still settles its promise', () => {
  const r = runScript(`let p = new h.Api(BASE).usingEndpoint('/slow/0.3').get();
    setTimeout(() => { global.gc(); global.gc() }, 50);
    p.then((x) => { global.gc(); console.log(x._halchemy.response.status) })`, { args: ['--expose-gc'] })
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout.trim(), '200')
})

test('a kept-alive connection closed by the server is noticed; the next request reconnects', async () => {
  const { startServer } = require('./helpers')
  const own = await startServer()
  const api = new halchemy.Api(own.base)
  assert.equal((await api.usingEndpoint('/echo').get())._halchemy.response.status, 200)
  own.stop()
  await new Promise((resolve) => setTimeout(resolve, 300))
  api.errorHandling.raiseForNetworkErrors = false
  const r = await api.usingEndpoint('/echo').get()
  assert.equal(r._halchemy.response.status, 0)
  assert.equal((await api.usingEndpoint(servers.base + '/echo').get())._halchemy.response.status, 200)
})

test('require and import both load the package; the typings ship with it', () => {
  const esm = spawnSync(process.execPath, ['--input-type=module', '-e',
    `import { Api, HTTPError, NetworkError } from 'halchemy'; import h from 'halchemy';
     console.log(typeof Api, typeof HTTPError, typeof NetworkError, h.Api === Api)`], { encoding: 'utf8', cwd: ROOT })
  assert.equal(esm.stdout.trim(), 'function function function true', esm.stderr)
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const types = fs.readFileSync(path.join(ROOT, pkg.types), 'utf8')
  for (const name of ['class Api', 'withTemplateValues', 'HTTPError', 'NetworkError', 'statusCode', 'status_code', 'embeddedMany']) {
    assert.ok(types.includes(name), name)
  }
})

test('no thread per request: 300 requests leave the thread count as it was', async () => {
  const api = new halchemy.Api(servers.base)
  const before = fs.readdirSync('/proc/self/task').length
  for (let i = 0; i < 300; i++) await api.usingEndpoint('/echo').get()
  const after = fs.readdirSync('/proc/self/task').length
  assert.ok(after <= before + 1, `threads ${before} -> ${after}`)
})

