// SPEC §9 (v2) one JSON rule, decided by the core: the shared vectors of
// tests/vectors/json_bodies.json, each body served byte for byte by the test server's /reply
// and read through the public API (pytest reads the same file the same way, so the same
// bytes give the same resource in both languages). Then SPEC §7 (v2): NaN/Infinity in request
// values refused with the core's message before anything is sent (json_values.json), and
// values JSON has no form for (functions, symbols, BigInt, cycles) as TypeError.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const halchemy = require('halchemy')
const { useServers, vectors, caseName } = require('./helpers')

const servers = useServers()

function bodyParams (c) {
  const params = {}
  let raw
  if (c.nest) {
    const n = c.nest
    raw = Buffer.from((n.prefix ?? '') + n.open.repeat(n.count) + (n.inner ?? '') + (n.close ?? '').repeat(n.count) + (n.suffix ?? ''))
    params.nest = JSON.stringify(n)
  } else {
    raw = c.hex !== undefined ? Buffer.from(c.hex, 'hex') : Buffer.from(c.body, 'utf8')
    params.hex = raw.toString('hex')
  }
  if (c.content_type !== null) params.type = c.content_type
  return { params, raw }
}

for (const c of vectors('json_bodies.json')) {
  test(`§9 JSON body: ${caseName(c)}`, async () => {
    const api = new halchemy.Api(servers.base)
    const { params, raw } = bodyParams(c)
    const resource = await api.usingEndpoint('/reply').withParameters(params).get()
    const body = resource._halchemy.response.body
    if (c.valid) {
      if (c.value !== undefined) assert.deepEqual(body, JSON.parse(c.value))
      if (c.keys !== undefined) assert.deepEqual(Object.keys(body), c.keys)
      const isObject = body !== null && typeof body === 'object' && !Array.isArray(body)
      assert.deepEqual({ ...resource }, isObject ? { ...body } : {})
    } else {
      assert.equal(body, c.text ?? raw.toString('utf8'))
      assert.deepEqual({ ...resource }, {})
    }
  })
}

test('§9 _links nested 5,000 levels (issue 10): an empty resource, no RangeError', async () => {
  const api = new halchemy.Api(servers.base)
  const nest = { prefix: '{"_links":', open: '{"a":', inner: '{}', close: '}', count: 4998, suffix: '}' }
  const r = await api.usingEndpoint('/reply').withParameters({ nest: JSON.stringify(nest) }).get()
  assert.deepEqual({ ...r }, {})
  assert.equal(typeof r._halchemy.response.body, 'string')
  assert.deepEqual(r.links, [])
  assert.throws(() => api.follow(r).to('a'), halchemy.RelNotFoundError)
})

test('§9 an integer beyond 2^53 is the nearest number; its exact text still goes to If-Match', async () => {
  const api = new halchemy.Api(servers.base)
  const r = await api.usingEndpoint('/reply').withParameters({ text: '{"id": 9007199254740993}', type: 'application/json' }).get()
  assert.equal(r.id, 9007199254740992)
})

// ---- request values (SPEC §7 v2) -------------------------------------------------------

function jsValue (v) {
  if (Array.isArray(v)) return v.map(jsValue)
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v)
    if (keys.length === 1 && keys[0] === '$number') return Number(v.$number)
    return Object.fromEntries(keys.map((k) => [k, jsValue(v[k])]))
  }
  return v
}

// A listening socket that counts connections: a request must never reach it.
async function tripwire () {
  let connections = 0
  const srv = net.createServer((s) => { connections++; s.destroy() })
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve))
  srv.unref() // a failed test must not keep the process alive
  return {
    url: `http://127.0.0.1:${srv.address().port}`,
    async untouched () {
      await new Promise((resolve) => setTimeout(resolve, 100))
      srv.close()
      return connections === 0
    }
  }
}

function sendIn (api, place, value) {
  switch (place) {
    case 'body': return () => api.usingEndpoint('/echo').post(value)
    case 'text_body': return () => api.usingEndpoint('/echo').post(value, 'text/plain')
    case 'form_body': return () => api.usingEndpoint('/echo').post(value, 'application/x-www-form-urlencoded')
    case 'values': return () => api.usingEndpoint('/x/{x}{?y}').withTemplateValues(value).get()
    case 'parameters': return () => api.usingEndpoint('/echo').withParameters(value).get()
    default: return () => api.usingEndpoint('/echo').withHeaders(value).get()
  }
}

for (const c of vectors('json_values.json').filter((c) => c.json === undefined)) {
  test(`§7 request value: ${caseName(c)}`, async () => {
    const value = jsValue(c.value)
    if (c.error) {
      const wire = await tripwire()
      const api = new halchemy.Api(wire.url)
      // thrown at withTemplateValues()/withParameters()/withHeaders(), or rejected by post()
      await assert.rejects(async () => sendIn(api, c.place, value)(), (e) => {
        assert.ok(e instanceof halchemy.HalchemyError, e.stack)
        assert.equal(e.code, 'json')
        assert.equal(e.message, c.message)
        return true
      })
      assert.ok(await wire.untouched(), 'nothing was sent')
      return
    }
    const api = new halchemy.Api(servers.base)
    if (c.place === 'values') {
      assert.equal(api.usingEndpoint('/x/{x}{?y}').withTemplateValues(value).url, servers.base + c.expected)
    } else if (c.place === 'parameters') {
      assert.equal((await sendIn(api, c.place, value)()).query, c.expected)
    } else if (c.place === 'headers') {
      const echo = await sendIn(api, c.place, value)()
      for (const [name, v] of Object.entries(JSON.parse(c.expected))) assert.equal(echo.headers[name], v)
    } else {
      assert.equal((await sendIn(api, c.place, value)()).body, c.expected)
    }
  })
}

test('§7 values JSON has no form for are TypeErrors, nothing sent', async () => {
  const wire = await tripwire()
  const api = new halchemy.Api(wire.url)
  const cycle = { a: 1 }
  cycle.self = cycle
  const bad = [() => 1, Symbol('s'), 10n, cycle]
  for (const v of bad) {
    const what = typeof v
    await assert.rejects(() => api.usingEndpoint('/').post({ x: v }), TypeError, `body ${what}`)
    await assert.rejects(() => api.usingEndpoint('/').post([v]), TypeError, `body list ${what}`)
    assert.throws(() => api.usingEndpoint('/{x}').withTemplateValues({ x: v }), TypeError, `values ${what}`)
    assert.throws(() => api.usingEndpoint('/').withParameters({ x: [v] }), TypeError, `parameters ${what}`)
    assert.throws(() => api.usingEndpoint('/').withHeaders({ 'X-A': v }), TypeError, `headers ${what}`)
  }
  await assert.rejects(() => api.usingEndpoint('/').post(() => 1), TypeError, 'a function as the body')
  await assert.rejects(() => api.usingEndpoint('/').post(NaN), (e) => e.code === 'json', 'NaN as the body')
  assert.ok(await wire.untouched(), 'nothing was sent')
})

test('§7 undefined members are left out, as JSON.stringify does; Dates use toJSON', async () => {
  const api = new halchemy.Api(servers.base)
  const echo = await api.usingEndpoint('/echo').post({ a: undefined, b: 1, d: new Date(0) })
  assert.equal(echo.body, '{"b":1,"d":"1970-01-01T00:00:00.000Z"}')
})
