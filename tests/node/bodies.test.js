// SPEC §7 (request bodies, as the server receives them) and §9 (what a request returns:
// the resource, `_halchemy.request/response/error`, the three status spellings, headers
// looked up in any case, bodies that are not JSON objects).
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const halchemy = require('halchemy')
const { useServers, vectors, caseName } = require('./helpers')

const servers = useServers()

test('§7 every body vector arrives at the server byte for byte', async () => {
  const api = new halchemy.Api(servers.base)
  for (const c of vectors('bodies.json')) {
    const echo = await api.usingEndpoint('/echo').post(c.data, c.content_type || undefined)
    assert.equal(echo.body, c.expected, caseName(c))
    if (c.content_type) assert.equal(echo.headers['Content-type'], c.content_type, caseName(c))
  }
})

test('§7 put and patch send bodies too; no data means no body; null is a JSON null', async () => {
  const api = new halchemy.Api(servers.base)
  assert.equal((await api.usingEndpoint('/echo').put({ a: 1 })).body, '{"a":1}')
  assert.equal((await api.usingEndpoint('/echo').patch([1, 'x'])).body, '[1,"x"]')
  const none = await api.usingEndpoint('/echo').post()
  assert.equal(none.body, '')
  assert.equal(none._halchemy.request.body, null)
  assert.equal((await api.usingEndpoint('/echo').post(null)).body, 'null')
  assert.equal((await api.usingEndpoint('/echo').post('', 'text/plain')).body, '')
  assert.equal((await api.usingEndpoint('/echo').post({ name: 'John Doe', age: 50 }, 'application/x-www-form-urlencoded')).body, 'name=John+Doe&age=50')
  assert.equal((await api.usingEndpoint('/echo').post('plain text', 'text/plain')).headers['Content-type'], 'text/plain')
  assert.equal((await api.usingEndpoint('/echo').delete()).body, '')
})

test('§7 values that are not JSON are refused in the promise; the Api keeps working', async () => {
  const api = new halchemy.Api(servers.base)
  const cyclic = {}
  cyclic.self = cyclic
  await assert.rejects(api.usingEndpoint('/echo').post(cyclic), TypeError)
  await assert.rejects(api.usingEndpoint('/echo').post(10n), TypeError)
  await assert.rejects(api.usingEndpoint('/echo').post(() => 1), TypeError)
  await assert.rejects(api.usingEndpoint('/echo').post({}, 42), TypeError)
  assert.equal((await api.usingEndpoint('/echo').post({ ok: true })).body, '{"ok":true}')
})

test('§9 what a request returns', async () => {
  const api = new halchemy.Api(servers.base)
  await api.usingEndpoint('/reset').post()
  const customer = await api.usingEndpoint('/customers/A375').get()
  const meta = customer._halchemy
  assert.equal(meta.request.method, 'GET')
  assert.equal(meta.request.url, servers.base + '/customers/A375')
  assert.equal(meta.request.headers.accept, meta.request.headers.Accept)
  assert.equal(meta.request.body, null)
  assert.equal(meta.response.status, 200)
  assert.equal(meta.response.statusCode, 200)
  assert.equal(meta.response.status_code, 200)
  assert.equal(meta.response.reason, 'OK')
  assert.equal(meta.response.body.membershipId, 'A375')
  assert.equal(meta.error, null)
  assert.equal(customer.membershipId, 'A375')
  assert.equal(customer.givenName, 'Pat')
})

test('§9 response headers: any case, as a property, with get() and has(), and `in`', async () => {
  const api = new halchemy.Api(servers.base)
  const r = await api.usingEndpoint('/echo').withParameters({ etag: '"v1"' }).get()
  const h = r._halchemy.response.headers
  assert.equal(h['content-type'], 'application/hal+json')
  assert.equal(h['Content-Type'], 'application/hal+json')
  assert.equal(h.ETAG, '"v1"')
  assert.equal(h.get('etag'), '"v1"')
  assert.equal(h.has('ETag'), true)
  assert.equal(h.has('X-Nope'), false)
  assert.equal(h['X-Nope'], undefined)
  assert.ok('etag' in h)
  assert.ok(Object.keys(h).includes('ETag') || Object.keys(h).includes('Etag'), 'names as received')
  assert.ok(!JSON.stringify(h).includes('"get"'))
})

test('§9 _halchemy and the helpers never show in JSON, keys or spreads', async () => {
  const api = new halchemy.Api(servers.base)
  const home = await api.home.get()
  const json = JSON.stringify(home)
  assert.ok(!json.includes('_halchemy'))
  assert.deepEqual(JSON.parse(json), { ...home })
  assert.ok(!Object.keys(home).includes('_halchemy'))
  assert.ok(!Object.keys(home).includes('hasRel'))
  assert.deepEqual(Object.keys(home).sort(), Object.keys(home._halchemy.response.body).sort())
  assert.equal(home.hasRel('self'), true)
  assert.deepEqual(structuredClone({ ...home }), { ...home })
  assert.equal(typeof require('node:util').inspect(home), 'string')
})

test('§9 bodies that are not a JSON object give an empty resource with the body in _halchemy', async () => {
  const api = new halchemy.Api(servers.base)
  for (const [path, body] of [['/text', 'hello'], ['/list', [1, 2, 3]], ['/malformed', '{"a": '], ['/empty', '']]) {
    const r = await api.usingEndpoint(path).get()
    assert.deepEqual({ ...r }, {}, path)
    assert.deepEqual(r._halchemy.response.body, body, path)
    assert.equal(r._halchemy.error, null, path)
  }
  const binary = await api.usingEndpoint('/binary').get()
  assert.deepEqual({ ...binary }, {})
  assert.equal(typeof binary._halchemy.response.body, 'string', 'text, bytes that are not UTF-8 as U+FFFD')
  const notHal = await api.usingEndpoint('/not-hal').get()
  assert.equal(notHal.name, 'no links here', 'JSON that is not HAL keeps its fields')
  const head = await api.usingEndpoint('/echo').head()
  assert.deepEqual({ ...head }, {})
  assert.equal(head._halchemy.response.status, 200)
})

test('§9 204 and other statuses with their reasons', async () => {
  const api = new halchemy.Api(servers.base)
  const none = await api.usingEndpoint('/status/204').get()
  assert.equal(none._halchemy.response.status, 204)
  assert.equal(none._halchemy.response.body, '')
  const custom = await api.usingEndpoint('/status/418').withParameters({ reason: 'Short and stout' }).get()
  assert.equal(custom._halchemy.response.status, 418)
  assert.equal(custom._halchemy.response.reason, 'Short and stout')
  assert.equal(custom.status, 418, 'the body field, not the metadata')
})

test('§9 raiseForStatusCodes on a returned resource', async () => {
  const api = new halchemy.Api(servers.base)
  const r = await api.usingEndpoint('/status/404').get()
  assert.throws(() => r._halchemy.raiseForStatusCodes(), (e) => e instanceof halchemy.HTTPError && e.resource === r && e._halchemy === r._halchemy)
  r._halchemy.raiseForStatusCodes('>404')
  r._halchemy.raiseForStatusCodes('500-599')
  assert.throws(() => r._halchemy.raiseForStatusCodes('400-403, 404'), halchemy.HTTPError)
  assert.throws(() => r._halchemy.raiseForStatusCodes('bad'), (e) => e.code === 'status_spec')
})
