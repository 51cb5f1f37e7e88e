// SPEC §10 (errors: NetworkError and HTTPError carry the resource and `_halchemy`) and §12
// (safety: schemes, credentials by origin, limits, hostile input). After every refused or
// failed request the same Api must still work.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const halchemy = require('halchemy')
const { DEFAULTS, useServers, isCoreError, closedPort } = require('./helpers')

const servers = useServers()

async function stillWorks (api) {
  const home = await api.usingEndpoint(servers.base + '/').get()
  assert.equal(home._halchemy.response.status, 200)
  assert.ok(home.hasRel('customers'))
}

const isNetworkError = (code) => (e) => e instanceof halchemy.NetworkError && e instanceof Error &&
  e.code === code && e._halchemy.response.status === 0 && e.resource._halchemy === e._halchemy &&
  e._halchemy.response.reason === 'Did not receive a response from the server' && e._halchemy.error === e

test('§10 a refused connection raises NetworkError, or returns it when raising is off', async () => {
  const api = new halchemy.Api(servers.base)
  const url = `http://127.0.0.1:${await closedPort()}/`
  await assert.rejects(api.usingEndpoint(url).get(), isNetworkError('network'))
  api.errorHandling.raiseForNetworkErrors = false
  const r = await api.usingEndpoint(url).get()
  assert.equal(r._halchemy.response.status, 0)
  assert.ok(r._halchemy.error instanceof halchemy.NetworkError)
  assert.match(r._halchemy.error.message, /connect/i)
  assert.deepEqual({ ...r }, {})
  await stillWorks(api)
})

test('§10 status codes raise only when asked; HTTPError carries the resource', async () => {
  const api = new halchemy.Api(servers.base)
  assert.equal((await api.usingEndpoint('/status/500').get())._halchemy.response.status, 500)
  api.errorHandling.raiseForStatusCodes = '400-403, >404'
  await assert.rejects(api.usingEndpoint('/status/500').get(), (e) => e instanceof halchemy.HTTPError && e instanceof Error &&
    e._halchemy.response.status === 500 && e.resource.status === 500 && e.resource._halchemy === e._halchemy &&
    e._halchemy.error === e && /500/.test(e.message))
  await assert.rejects(api.usingEndpoint('/status/401').post({}), halchemy.HTTPError)
  assert.equal((await api.usingEndpoint('/status/404').get())._halchemy.response.status, 404)
  assert.equal((await api.usingEndpoint('/status/200').get())._halchemy.response.status, 200)
  api.errorHandling.raiseOnStatusCodes = '400 >401'
  assert.equal((await api.usingEndpoint('/status/401').get())._halchemy.response.status, 401)
  api.errorHandling.raiseForStatusCodes = null
  assert.equal((await api.usingEndpoint('/status/503').get())._halchemy.response.status, 503)
})

test('§12 timeout: a slow server fails cleanly within the timeout', async () => {
  const api = new halchemy.Api(servers.base)
  api.timeout = 0.3
  const start = Date.now()
  await assert.rejects(api.usingEndpoint('/slow/3').get(), isNetworkError('timeout'))
  assert.ok(Date.now() - start < 2500, `took ${Date.now() - start} ms`)
  api.timeout = 30
  await stillWorks(api)
})

test('§12 a connection closed mid-body is a NetworkError', async () => {
  const api = new halchemy.Api(servers.base)
  await assert.rejects(api.usingEndpoint('/close-mid-body').get(), isNetworkError('network'))
  await stillWorks(api)
})

test('§12 a body over the limit fails cleanly; under it is fine', async () => {
  const api = new halchemy.Api(servers.base)
  api.maxBody = 10000
  await assert.rejects(api.usingEndpoint('/big/100000').get(), (e) => isNetworkError('too_big')(e) && /limit|large|exceed/i.test(e.message))
  assert.equal((await api.usingEndpoint('/big/5000').get())._halchemy.response.body.length, 4998)
  await stillWorks(api)
})

test('§12 a big body (8 MiB) under the default limit arrives whole', async () => {
  const api = new halchemy.Api(servers.base)
  const r = await api.usingEndpoint('/big/8388608').get()
  assert.equal(r._halchemy.response.body.length, 8388608 - 2)
})

test('§12 hostile hrefs, templates and schemes are refused before anything is sent', async () => {
  const api = new halchemy.Api(servers.base)
  const hostile = await api.usingEndpoint('/hostile').get()
  for (const rel of ['file', 'gopher', 'ftp']) {
    const r = api.follow(hostile).to(rel)
    assert.throws(() => r.url, isCoreError('scheme'))
    await assert.rejects(r.get(), isCoreError('scheme'))
    await assert.rejects(r.delete(), isCoreError('scheme'))
  }
  await assert.rejects(api.usingEndpoint('file:///etc/passwd').get(), (e) => isCoreError('scheme')(e) && e.message.includes('file'))
  await assert.rejects(api.follow(hostile).to('badtemplate').get(), isCoreError('template', '/x/{unclosed'))
  await stillWorks(api)
})

test('§12 a redirect to file:// is refused; redirects within http work', async () => {
  const api = new halchemy.Api(servers.base)
  await assert.rejects(api.usingEndpoint('/redirect').withParameters({ to: 'file:///etc/passwd' }).get(),
    (e) => e instanceof halchemy.NetworkError && e._halchemy.response.status === 0)
  const ok = await api.usingEndpoint('/redirect').withParameters({ to: '/echo/landed' }).get()
  assert.equal(ok.path, '/echo/landed')
  assert.equal(ok._halchemy.response.status, 200)
  await stillWorks(api)
})

test('§12 default credentials stay on the base origin, also across redirects; per-request ones are sent', async () => {
  const api = new halchemy.Api(servers.base)
  assert.equal((await api.usingEndpoint('/echo').get()).headers.Authorization, DEFAULTS.headers.Authorization)
  assert.equal((await api.usingEndpoint(servers.other + '/echo').get()).headers.Authorization, undefined)
  const redirected = await api.usingEndpoint('/redirect').withParameters({ to: servers.other + '/echo' }).get()
  assert.equal(redirected._halchemy.response.status, 200)
  assert.equal(redirected.headers.Authorization, undefined)
  api.addHeaders({ Cookie: 'session=1' })
  assert.equal((await api.usingEndpoint(servers.other + '/echo').get()).headers.Cookie, undefined)
  const mine = await api.usingEndpoint(servers.other + '/echo').withHeaders({ Authorization: 'Bearer mine' }).get()
  assert.equal(mine.headers.Authorization, 'Bearer mine')
})

test('§12 hostile JSON and text bodies from a server do not break anything', async () => {
  const api = new halchemy.Api(servers.base)
  const weird = await api.usingEndpoint('/echo').post('{"__proto__": {"polluted": true}, "constructor": 1}', 'text/plain')
  assert.equal(weird.body, '{"__proto__": {"polluted": true}, "constructor": 1}')
  assert.equal({}.polluted, undefined)
  // A server JSON field named like a helper stays data; the helpers are then not there.
  const tricky = halchemy.asResource({ links: [1], hasRel: 'x', _links: { self: { href: '/' } } })
  assert.deepEqual(tricky.links, [1])
  assert.equal(tricky.hasRel, 'x')
  assert.deepEqual(tricky.embeddedRels(), [])
  await stillWorks(api)
})

test('errors carry a stable code and are real Errors with stacks', async () => {
  const api = new halchemy.Api(servers.base)
  const errs = []
  try { api.usingEndpoint('/{').url } catch (e) { errs.push(e) }
  try { api.follow({ _links: {} }).to('x') } catch (e) { errs.push(e) }
  try { api.parametersListStyle = 'x' } catch (e) { errs.push(e) }
  await api.usingEndpoint('/e').withHeaders({ 'a b': 'c' }).get().catch((e) => errs.push(e))
  assert.deepEqual(errs.map((e) => e.code), ['template', 'no_rel', 'parameters', 'header'])
  for (const e of errs) {
    assert.ok(e instanceof Error && e instanceof halchemy.HalchemyError)
    assert.equal(typeof e.stack, 'string')
    assert.ok(e.message.length > 0)
  }
})

test('the HTTPError message has no trailing space when the reason is empty (built by the core)', () => {
  const meta = new halchemy.HalchemyMetadata(new halchemy.HalchemyRequest('PATCH', 'http://h/x', [], null),
    new halchemy.HalchemyResponse(412, '', [], null, 'http://h/x'), null, {})
  assert.throws(() => meta.raiseForStatusCodes(), (e) => e instanceof halchemy.HTTPError && e.message === 'PATCH http://h/x returned 412')
})
