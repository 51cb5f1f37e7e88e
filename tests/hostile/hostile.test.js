// The hostile server suite, Node side (issue 10): every case of cases.json against the Node
// binding, on ONE Api for the whole file; after each case the same Api must still GET /ok.
// test_hostile.py runs the same table against Python.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const halchemy = require('halchemy')
const { startScript } = require('../node/helpers') // one way for every Node suite

const TABLE = JSON.parse(fs.readFileSync(path.join(__dirname, 'cases.json'), 'utf8'))
const DEFAULTS = TABLE.defaults
const OK = { ok: true, _links: { self: { href: '/ok' } } }
const NO_RESPONSE = 'Did not receive a response from the server'
const DEFAULT_MAX_BODY = 64 * 1024 * 1024

// No .halchemy file can change the Api's settings.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'halchemy-hostile-'))
fs.writeFileSync(path.join(scratch, 'empty.ini'), '')
process.env.HALCHEMY_CONFIG = path.join(scratch, 'empty.ini')
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }))

let server = null
let api = null

test.before(async () => {
  server = await startScript(path.join(__dirname, 'server.py'), ['--port', '0'])
  api = new halchemy.Api(server.base, undefined, { timeout: DEFAULTS.timeout })
})

test.after(() => { if (server) server.stop() })

async function seen (c) {
  const name = c.path.split('/')[2]
  return (await api.usingEndpoint(`/count/${name}`).get()).count
}

function requestHeaders (c) {
  const spec = c.request || {}
  const headers = {}
  for (const [name, size] of Object.entries(spec.header_sizes || {})) headers[name] = 'a'.repeat(size)
  if (spec.header_count) {
    const [n, size] = spec.header_count
    for (let i = 0; i < n; i++) headers[`X-H${String(i).padStart(4, '0')}`] = 'a'.repeat(size)
  }
  return headers
}

// { resource, error, seconds } of one GET of the case's path.
async function run (c, raiseNetwork) {
  api.errorHandling.raiseForNetworkErrors = raiseNetwork
  const settings = c.settings || {}
  api.timeout = settings.timeout ?? DEFAULTS.timeout
  if (settings.max_body !== undefined) api.maxBody = settings.max_body
  const start = process.hrtime.bigint()
  const seconds = () => Number(process.hrtime.bigint() - start) / 1e9
  try {
    let requester = api.usingEndpoint(c.path)
    const headers = requestHeaders(c)
    if (Object.keys(headers).length) requester = requester.withHeaders(headers)
    const resource = await requester.get()
    return { resource, error: null, seconds: seconds() }
  } catch (error) {
    return { resource: null, error, seconds: seconds() }
  } finally {
    api.timeout = DEFAULTS.timeout
    api.maxBody = DEFAULT_MAX_BODY
    api.errorHandling.raiseForNetworkErrors = true
  }
}

function checkError (c, { resource, error }, raiseNetwork) {
  const want = c.expect
  const Cls = halchemy[want.class]
  let got
  if (raiseNetwork || want.always_raises) {
    assert.equal(resource, null, `expected ${want.class}, got status ${resource && resource._halchemy.response.status}`)
    assert.ok(error instanceof Cls, `expected ${want.class}, got ${error && error.name}: ${error && error.message}`)
    assert.ok(error instanceof halchemy.HalchemyError)
    got = error
  } else {
    assert.equal(error, null, `raiseForNetworkErrors is off, yet ${error && error.name}: ${error && error.message}`)
    const meta = resource._halchemy
    assert.equal(meta.response.status, 0)
    assert.equal(meta.response.reason, NO_RESPONSE)
    assert.deepEqual(JSON.parse(JSON.stringify(resource)), {})
    got = meta.error
    assert.ok(got instanceof Cls)
  }
  assert.equal(got.code, want.error, got.message)
  for (const fragment of want.message) assert.ok(got.message.includes(fragment), `${JSON.stringify(fragment)} not in ${JSON.stringify(got.message)}`)
  if (got instanceof halchemy.NetworkError) {
    assert.equal(got._halchemy.response.status, 0)
    assert.equal(got._halchemy.response.reason, NO_RESPONSE)
  }
}

function checkResponse (c, { resource, error }) {
  const want = c.expect
  assert.equal(error, null, error && `${error.name}: ${error.message}`)
  const response = resource._halchemy.response
  assert.equal(resource._halchemy.error, null)
  assert.equal(response.status, want.status)
  if (want.reason !== undefined) assert.equal(response.reason, want.reason)
  for (const [name, value] of Object.entries(want.headers || {})) {
    assert.equal(response.headers[name], value, name)
    assert.equal(response.headers[name.toLowerCase()], value, name)
  }
  for (const name of want.headers_absent || []) assert.ok(!(name in response.headers), name)
  if (want.body !== undefined) assert.deepEqual(JSON.parse(JSON.stringify(resource)), want.body)
}

for (const c of TABLE.cases) {
  test(`${c.name}: ${c.comment}`, async () => {
    const want = c.expect
    const modes = want.error !== undefined ? [true, false] : [true]
    for (const raiseNetwork of Array(c.repeat || 1).fill(modes).flat()) {
      const before = await seen(c)
      const outcome = await run(c, raiseNetwork)
      if (want.error !== undefined) checkError(c, outcome, raiseNetwork)
      else checkResponse(c, outcome)
      if (want.seconds) {
        const [low, high] = want.seconds
        assert.ok(outcome.seconds >= low && outcome.seconds <= high, `took ${outcome.seconds.toFixed(3)} s, expected ${low}-${high} s`)
      }
      const after = await seen(c)
      if (want.sent === false) assert.equal(after, before, 'the request was sent although it was refused')
      else if (want.sent !== null) assert.ok(after > before, 'the server never saw the request')
      // sent null: either (a deadline of 1 ms may end before the request is written)
      const ok = await api.usingEndpoint('/ok').get()
      assert.equal(ok._halchemy.response.status, 200)
      assert.deepEqual(JSON.parse(JSON.stringify(ok)), OK)
    }
  })
}
