// Real HTTP against tests/server: the seed example, If-Match, headers, bodies, results,
// errors and hostile input, HAL helpers on responses, many requests in flight at once.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const { spawnSync } = require('node:child_process')
const halchemy = require('halchemy')
const { startServer, vectors, caseName, ROOT } = require('./helpers')

let server, other
test.before(async () => { server = await startServer(); other = await startServer() })
test.after(() => { server.stop(); other.stop() })

async function freshApi () {
  const api = new halchemy.Api(server.base)
  await api.usingEndpoint('/reset').post()
  return api
}

async function getCustomer (api, id = 'A375') {
  const customers = await api.follow(await api.home.get()).to('customers').get()
  return api.follow(customers).to('item').withTemplateValues({ membershipId: id }).get()
}

async function stillWorks (api) {
  assert.equal((await api.home.get())._halchemy.response.status, 200)
}

test('the seed example gives 412 after someone else changed the customer', async () => {
  const api = await freshApi()
  let customer = await getCustomer(api)
  const someoneElse = new halchemy.Api(server.base)
  const theirs = await getCustomer(someoneElse)
  await someoneElse.follow(theirs).to('self').patch({ givenName: 'Robin' })
  customer = await api.follow(customer).to('self').patch({ givenName: 'Leslie' })
  assert.equal(customer._halchemy.response.status, 412)
  assert.equal(customer._halchemy.response.statusCode, 412)
  assert.equal(customer._halchemy.response.status_code, 412)
  assert.equal(customer.membershipId, 'A375')
  assert.equal(customer.givenName, 'Robin')
})

test('a fresh patch sends the ETag header as received', async () => {
  const api = await freshApi()
  const customer = await getCustomer(api)
  const etag = customer._halchemy.response.headers.etag
  assert.match(etag, /^"/)
  const changed = await api.follow(customer).to('self').patch({ givenName: 'Leslie' })
  assert.equal(changed._halchemy.request.headers['If-Match'], etag)
  assert.equal(changed._halchemy.response.status, 200)
  assert.equal(changed.givenName, 'Leslie')
})

test('If-Match: header first, then the field, never for other resources or GET/POST', async () => {
  const api = await freshApi()
  const both = await api.usingEndpoint('/headers-only-etag').get()
  assert.equal((await api.follow(both).to('self').patch({})).headers['If-Match'], '"from-header"')
  const fieldOnly = { _etag: 'f1', _links: { self: { href: '/echo/me' }, edit: { href: '/echo/me' } } }
  assert.equal((await api.follow(fieldOnly).to('self').put({})).headers['If-Match'], 'f1')
  assert.equal((await api.follow(fieldOnly).to('edit').delete()).headers['If-Match'], 'f1')
  assert.equal((await api.follow(fieldOnly).to('self').get()).headers['If-Match'], undefined)
  assert.equal((await api.follow(fieldOnly).to('self').post({})).headers['If-Match'], undefined)
  const mine = await api.follow(fieldOnly).to('self').withHeaders({ 'if-match': 'mine' }).patch({})
  assert.equal(mine.headers['if-match'], 'mine')
  const customer = await getCustomer(api)
  assert.equal((await api.follow(customer).to('cancel').put({})).ifMatch, null)
  api.etagField = 'version'
  assert.equal((await api.follow({ version: 'v9', _links: { self: { href: '/echo/v' } } }).to('self').patch({})).headers['If-Match'], 'v9')
})

test('a change without If-Match gets 428', async () => {
  const api = await freshApi()
  assert.equal((await api.usingEndpoint('/customers/A375').patch({ a: 1 }))._halchemy.response.status, 428)
})

test('defaults, constructor headers and per-request headers', async () => {
  const api = new halchemy.Api(server.base, { 'x-team': 'blue' })
  assert.deepEqual(Object.keys(new halchemy.Api().headers), ['Content-type', 'Accept', 'Authorization'])
  assert.equal(new halchemy.Api().baseUrl, 'http://localhost:2112')
  const echo = await api.usingEndpoint('/echo').withHeaders({ accept: 'text/csv', 'User-Agent': 'mine/1' }).get()
  assert.equal(echo.headers['x-team'], 'blue')
  assert.equal(echo.headers.accept, 'text/csv')
  assert.equal(echo.headers.Accept, undefined)
  assert.equal(echo.headers['User-Agent'], 'mine/1')
  assert.equal(echo.headers.Authorization, 'Basic cm9vdDpwYXNzd29yZA==')
  const again = await api.usingEndpoint('/echo').get()
  assert.match(again.headers.Accept, /^application\/hal\+json/)
  api.removeHeaders(['authorization', 'X-Absent'])
  assert.equal((await api.usingEndpoint('/echo').get()).headers.Authorization, undefined)
  assert.throws(() => new halchemy.Api(''), Error)
})

for (const c of vectors('bodies.json')) {
  test(`body on the wire: ${caseName(c)}`, async () => {
    const api = new halchemy.Api(server.base)
    const echo = await api.usingEndpoint('/echo').post(c.data, c.content_type || undefined)
    assert.equal(echo.body, c.expected)
  })
}

test('no body when data is undefined', async () => {
  const echo = await new halchemy.Api(server.base).usingEndpoint('/echo').post()
  assert.equal(echo.body, '')
  assert.equal(echo._halchemy.request.body, null)
})

test('what a request returns', async () => {
  const api = await freshApi()
  const customer = await api.usingEndpoint('/customers/A375').get()
  const meta = customer._halchemy
  assert.equal(meta.request.method, 'GET')
  assert.equal(meta.request.url, server.base + '/customers/A375')
  assert.equal(meta.response.reason, 'OK')
  assert.equal(meta.response.headers['content-type'], 'application/hal+json')
  assert.equal(meta.response.headers.get('CONTENT-TYPE'), 'application/hal+json')
  assert.equal(meta.response.body.membershipId, 'A375')
  assert.equal(meta.error, null)
  assert.ok(!JSON.stringify(customer).includes('_halchemy'))
  assert.ok(!Object.keys(customer).includes('hasRel'))
  for (const [path, body] of [['/text', 'hello'], ['/list', [1, 2, 3]], ['/malformed', '{"a": '], ['/empty', '']]) {
    const r = await api.usingEndpoint(path).get()
    assert.deepEqual({ ...r }, {})
    assert.deepEqual(r._halchemy.response.body, body)
  }
})

test('status codes raise only when asked, and the error carries the resource', async () => {
  const api = new halchemy.Api(server.base)
  assert.equal((await api.usingEndpoint('/status/500').get())._halchemy.response.status, 500)
  api.errorHandling.raiseForStatusCodes = '400-403, >404'
  await assert.rejects(api.usingEndpoint('/status/500').get(), (e) => e instanceof halchemy.HTTPError &&
    e._halchemy.response.status === 500 && e.resource.status === 500)
  assert.equal((await api.usingEndpoint('/status/404').get())._halchemy.response.status, 404)
  api.errorHandling.raiseOnStatusCodes = null
  const r = await api.usingEndpoint('/status/404').get()
  assert.throws(() => r._halchemy.raiseForStatusCodes(), halchemy.HTTPError)
  r._halchemy.raiseForStatusCodes('>404')
})

async function closedPort () {
  const srv = net.createServer()
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const { port } = srv.address()
  await new Promise((resolve) => srv.close(resolve))
  return port
}

test('network errors raise NetworkError or are returned', async () => {
  const api = new halchemy.Api(server.base)
  const url = `http://127.0.0.1:${await closedPort()}/`
  await assert.rejects(api.usingEndpoint(url).get(), (e) => e instanceof halchemy.NetworkError &&
    e._halchemy.response.status === 0 && e._halchemy.response.reason === 'Did not receive a response from the server')
  api.errorHandling.raiseForNetworkErrors = false
  const r = await api.usingEndpoint(url).get()
  assert.equal(r._halchemy.response.status, 0)
  assert.ok(r._halchemy.error instanceof halchemy.NetworkError)
  await stillWorks(api)
})

test('timeout, close mid-body and a body over the limit fail cleanly', async () => {
  const api = new halchemy.Api(server.base)
  api.timeout = 0.3
  await assert.rejects(api.usingEndpoint('/slow/3').get(), (e) => e instanceof halchemy.NetworkError && /timed out/.test(e.message))
  api.timeout = 30
  await assert.rejects(api.usingEndpoint('/close-mid-body').get(), halchemy.NetworkError)
  api.maxBody = 10000
  await assert.rejects(api.usingEndpoint('/big/100000').get(), (e) => /limit/.test(e.message))
  await stillWorks(api)
})

test('hostile hrefs, templates and headers are refused before anything is sent', async () => {
  const api = new halchemy.Api(server.base)
  const hostile = await api.usingEndpoint('/hostile').get()
  for (const rel of ['file', 'gopher', 'ftp']) {
    await assert.rejects(api.follow(hostile).to(rel).get(), (e) => e instanceof halchemy.SchemeError && e.message.includes(rel === 'file' ? 'file:///etc/passwd' : rel) && /http or https|http and https/.test(e.message))
  }
  await assert.rejects(api.follow(hostile).to('badtemplate').get(), (e) => e instanceof halchemy.TemplateError && e.message.includes('/x/{unclosed'))
  await assert.rejects(api.usingEndpoint('/echo').withHeaders({ 'X-A': '1\r\nX-Injected: 1' }).get(), halchemy.HeaderError)
  assert.throws(() => api.addHeaders({ 'X-A\n': '1' }), halchemy.HeaderError)
  await assert.rejects(api.usingEndpoint('/redirect').withParameters({ to: 'file:///etc/passwd' }).get(), halchemy.NetworkError)
  assert.throws(() => api.follow(hostile).to('nope'), (e) => e.message.includes('nope'))
  await stillWorks(api)
})

test('default credentials stay on the base origin, also across redirects', async () => {
  const api = new halchemy.Api(server.base)
  assert.equal((await api.usingEndpoint(other.base + '/echo').get()).headers.Authorization, undefined)
  const redirected = await api.usingEndpoint('/redirect').withParameters({ to: other.base + '/echo' }).get()
  assert.equal(redirected._halchemy.response.status, 200)
  assert.equal(redirected.headers.Authorization, undefined)
  const mine = await api.usingEndpoint(other.base + '/echo').withHeaders({ Authorization: 'Bearer mine' }).get()
  assert.equal(mine.headers.Authorization, 'Bearer mine')
})

test('HAL helpers on a response, also when read twice', async () => {
  const api = new halchemy.Api(server.base)
  const hal = await api.usingEndpoint('/hal').get()
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(hal.links, ['self', 'related', 'search'])
    assert.ok(hal.hasRel('search'))
    assert.deepEqual(hal.embeddedRels(), ['owner', 'items'])
    assert.equal(hal.embeddedOne('owner').name, 'Pat')
    assert.deepEqual(hal.embeddedMany('items').map((x) => x.n), [1, 2])
    assert.deepEqual(hal.collection('_items').map((x) => x.n), [1, 2])
  }
  assert.throws(() => hal.embedded('owner', 'many'), TypeError)
  assert.throws(() => hal.embedded('nope'), (e) => e.message.includes('nope'))
  assert.throws(() => hal.collection('bad_items'), (e) => e.message.includes('contains non-HAL formatted objects'))
  assert.equal((await api.follow(hal).to('related', { name: 'two' }).get()).path, '/echo/two')
  const notHal = await api.usingEndpoint('/not-hal').get()
  assert.equal(notHal.name, 'no links here')
  assert.throws(() => notHal.hasRel('self'), (e) => e.message.includes('_links'))
})

test('200 requests in flight at once all resolve, and the event loop keeps ticking', async () => {
  const api = new halchemy.Api(server.base)
  let ticks = 0
  const timer = setInterval(() => { ticks++ }, 5)
  const slow = api.usingEndpoint('/slow/0.5').get()
  const many = await Promise.all(Array.from({ length: 200 }, (_, i) => api.usingEndpoint('/echo/{i}').withTemplateValues({ i }).get()))
  await slow
  clearInterval(timer)
  assert.deepEqual(many.map((r) => r.path), Array.from({ length: 200 }, (_, i) => `/echo/${i}`))
  assert.ok(ticks > 20, `the loop ticked ${ticks} times`)
})

test('a script with no request in flight exits by itself', () => {
  const script = `const { Api } = require(${JSON.stringify(ROOT)}); const api = new Api(${JSON.stringify(server.base)});
    api.home.get().then((r) => console.log(r._halchemy.response.status))`
  const run = spawnSync(process.execPath, ['-e', script], { timeout: 10000, encoding: 'utf8' })
  assert.equal(run.status, 0, run.stderr)
  assert.equal(run.stdout.trim(), '200')
})

test('ES module import works', () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e',
    `import { Api, HTTPError } from ${JSON.stringify(ROOT + '/node/lib/index.mjs')}; console.log(typeof Api, typeof HTTPError)`], { encoding: 'utf8' })
  assert.equal(run.stdout.trim(), 'function function', run.stderr)
})
