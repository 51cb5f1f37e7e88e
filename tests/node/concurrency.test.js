// concurrency.test.js: SPEC §8 v2 against the local test server: requireIfMatch, refresh and
// apply again (withConflictRetry), which ETag is sent, and §3 v2 document-relative hrefs.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const net = require('node:net')
const halchemy = require('halchemy')
const { useServers } = require('./helpers')

const servers = useServers()

async function customer (api, id = 'A375') {
  const customers = await api.follow(await api.home.get()).to('customers').get()
  return api.follow(customers).to('item').withTemplateValues({ membershipId: id }).get()
}

const reset = (base) => new halchemy.Api(base).usingEndpoint('/reset').post()

test('requireIfMatch refuses a change without an ETag and sends nothing', async () => {
  let connections = 0
  const wire = net.createServer((s) => { connections++; s.destroy() })
  await new Promise((resolve) => wire.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${wire.address().port}`
  const api = new halchemy.Api(base, undefined, { requireIfMatch: true })
  const built = { _links: { self: { href: '/customers/A375' } } }
  await assert.rejects(api.follow(built).to('self').patch({ givenName: 'X' }), (e) =>
    e instanceof halchemy.MissingETagError && e instanceof halchemy.HalchemyError &&
    e.code === 'missing_etag' && e.message.includes(`${base}/customers/A375`) && e.message.includes('GET the resource first'))
  await new Promise((resolve) => setTimeout(resolve, 100))
  wire.close()
  assert.equal(connections, 0)
})

test('requireIfMatch is satisfied by an ETag or the caller\'s If-Match', async () => {
  await reset(servers.base)
  const api = new halchemy.Api(servers.base, undefined, { requireIfMatch: true })
  assert.equal(api.requireIfMatch, true)
  const changed = await api.follow(await customer(api)).to('self').patch({ givenName: 'Kim' })
  assert.equal(changed._halchemy.response.status, 200)
  const sent = await api.follow({ _links: { self: { href: '/echo/x' } } }).to('self').withHeaders({ 'If-Match': '*' }).patch({})
  assert.equal(sent.headers['If-Match'], '*')
})

test('an unknown Api option is a TypeError', () => {
  assert.throws(() => new halchemy.Api(servers.base, undefined, { requireIfMach: true }), TypeError)
  assert.throws(() => new halchemy.Api(servers.base, undefined, { baseUrl: 'http://x' }), TypeError)
  assert.throws(() => { new halchemy.Api(servers.base).requireIfMatch = 'yes' }, TypeError)
})

test('conflict retry turns a 412 into a 200', async () => {
  await reset(servers.base)
  const api = new halchemy.Api(servers.base)
  const ours = await customer(api)
  const other = new halchemy.Api(servers.base)
  await other.follow(await customer(other)).to('self').patch({ familyName: 'Theirs' })
  const result = await api.follow(ours).to('self').withConflictRetry(1).patch({ givenName: 'Ours' })
  assert.equal(result._halchemy.response.status, 200)
  assert.equal(result._halchemy.conflictRetries, 1)
  assert.equal(result._halchemy.request.method, 'PATCH')
  assert.deepEqual([result.givenName, result.familyName], ['Ours', 'Theirs'])
})

test('without conflict retry a 412 is returned, and no retry is made without a conflict', async () => {
  await reset(servers.base)
  const api = new halchemy.Api(servers.base)
  const ours = await customer(api)
  await api.follow(await customer(api)).to('self').patch({ familyName: 'Theirs' })
  const stale = await api.follow(ours).to('self').patch({ givenName: 'Ours' })
  assert.equal(stale._halchemy.response.status, 412)
  assert.equal(stale._halchemy.conflictRetries, 0)
  const fresh = await api.follow(await customer(api)).to('self').withConflictRetry(3).patch({ givenName: 'Ours' })
  assert.equal(fresh._halchemy.response.status, 200)
  assert.equal(fresh._halchemy.conflictRetries, 0)
  for (const bad of [-1, 1.5, '2', true]) assert.throws(() => api.usingEndpoint('/x').withConflictRetry(bad), TypeError)
})

test('a weak ETag header gives way to the strong field (issue 9 #7)', async () => {
  const api = new halchemy.Api(servers.base)
  const resource = await api.usingEndpoint('/echo/w').withParameters({ etag: 'W/"v1"', field: 'v1' }).get()
  const sent = await api.follow(resource).to('self').patch({})
  assert.equal(sent.headers['If-Match'], 'v1')
})

test('relative hrefs resolve against the URL the resource came from (SPEC §3 v2)', async () => {
  const api = new halchemy.Api(servers.base + '/echo/')
  const resource = await api.usingEndpoint('customers/A375').get()
  assert.equal(resource._halchemy.request.url, servers.base + '/echo/customers/A375')
  Object.assign(resource._links, { up: { href: '../orders' }, page: { href: '?page=2' }, abs: { href: '/echo/customers/A376' } })
  assert.equal((await api.follow(resource).to('up').get()).path, '/echo/orders')
  const page = await api.follow(resource).to('page').get()
  assert.deepEqual([page.path, page.query], ['/echo/customers/A375', 'page=2'])
  assert.equal((await api.follow(resource).to('abs').get()).path, '/echo/customers/A376')
})

test('a non-templated link with braces is sent encoded (issue 9 #1)', async () => {
  const api = new halchemy.Api(servers.base)
  const resource = { _links: { next: { href: '/echo/c?where={"familyName": "Doe"}&page=2' }, notes: { href: '/echo/notes?tag={draft}' } } }
  assert.equal((await api.follow(resource).to('next').get()).query, 'where=%7B%22familyName%22:%20%22Doe%22%7D&page=2')
  assert.equal((await api.follow(resource).to('notes').get()).query, 'tag=%7Bdraft%7D')
})

test('an etag field holding a NUL is refused as If-Match, not cut; GETs from it work (SPEC §8, §12)', async () => {
  const api = new halchemy.Api(servers.base)
  const resource = await api.usingEndpoint('/echo/nul').withParameters({ field: 'v1\u0000x' }).get()
  assert.equal(resource._etag, 'v1\u0000x')
  await assert.rejects(api.follow(resource).to('self').patch({}), (e) => e instanceof halchemy.InvalidValueError && e.message.includes("etag field '_etag' holds a NUL byte"))
  // any GET from it works as usual (SPEC §8: the field matters only as If-Match)
  const again = await api.follow(resource).to('self').get()
  assert.equal(again._halchemy.response.status, 200)
  assert.equal(again.headers['If-Match'], undefined)
  resource._etag = 'v1' // the program may mend it
  assert.equal((await api.follow(resource).to('self').patch({})).headers['If-Match'], 'v1')
})
