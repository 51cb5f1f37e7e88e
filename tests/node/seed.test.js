// SPEC §1 (the seed example, as published, ending in a 412) and §8 (optimistic concurrency:
// which If-Match goes on the wire) against the customers API of tests/server.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const halchemy = require('halchemy')
const { useServers } = require('./helpers')

const servers = useServers()

async function freshApi () {
  const api = new halchemy.Api(servers.base)
  await api.usingEndpoint('/reset').post()
  return api
}

async function getCustomer (api, id = 'A375') {
  const customers = await api.follow(await api.home.get()).to('customers').get()
  return api.follow(customers).to('item').withTemplateValues({ membershipId: id }).get()
}

test('the seed example: a stale patch gets 412 and the current representation', async () => {
  const api = await freshApi()
  let customer = await getCustomer(api)
  // Someone else changes the customer meanwhile.
  const someoneElse = new halchemy.Api(servers.base)
  const theirs = await getCustomer(someoneElse)
  assert.equal((await someoneElse.follow(theirs).to('self').patch({ givenName: 'Robin' }))._halchemy.response.status, 200)

  customer = await api.follow(customer).to('self').patch({ givenName: 'Leslie' })
  const printed = []
  if (customer._halchemy.response.status === 412) printed.push(`Someone else has changed customer #${customer.membershipId}.`)
  assert.deepEqual(printed, ['Someone else has changed customer #A375.'])
  assert.equal(customer._halchemy.response.statusCode, 412)
  assert.equal(customer._halchemy.response.status_code, 412)
  assert.equal(customer.givenName, 'Robin')
  assert.equal(customer._halchemy.error, null, 'a 412 is a normal response')
})

test('the seed example runs as written in examples/ (when present)', async (t) => {
  const fs = require('node:fs')
  const path = require('node:path')
  const { spawnSync } = require('node:child_process')
  const { ROOT } = require('./helpers')
  const dir = path.join(ROOT, 'examples')
  const scripts = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(c|m)?js$/.test(f)) : []
  if (scripts.length === 0) return t.skip('no JS seed example in examples/')
  await new halchemy.Api(servers.base).usingEndpoint('/reset').post()
  for (const script of scripts) {
    const run = spawnSync(process.execPath, [path.join(dir, script)],
      { encoding: 'utf8', timeout: 20000, env: { ...process.env, HALCHEMY_BASE_URL: servers.base } })
    assert.equal(run.status, 0, run.stderr)
    assert.match(run.stdout, /Someone else has changed customer #A375\./)
  }
})

test('a fresh patch sends the ETag header exactly as received and succeeds', async () => {
  const api = await freshApi()
  const customer = await getCustomer(api)
  const etag = customer._halchemy.response.headers.etag
  assert.match(etag, /^".+"$/)
  const changed = await api.follow(customer).to('self').patch({ givenName: 'Leslie' })
  assert.equal(changed._halchemy.request.headers['If-Match'], etag)
  assert.equal(changed._halchemy.response.status, 200)
  assert.equal(changed.givenName, 'Leslie')
  // The new representation carries the new ETag, so it can be changed again.
  const again = await api.follow(changed).to('self').put({ givenName: 'Kim', familyName: 'Lee', membershipId: 'A375' })
  assert.equal(again._halchemy.response.status, 200)
  assert.equal(again.givenName, 'Kim')
})

test('delete of the resource itself sends If-Match; the next get is 404', async () => {
  const api = await freshApi()
  const customer = await getCustomer(api, 'B200')
  const gone = await api.follow(customer).to('self').delete()
  assert.equal(gone._halchemy.response.status, 204)
  assert.equal(gone._halchemy.request.headers['if-match'], customer._halchemy.response.headers.ETag)
  assert.deepEqual({ ...gone }, {})
  assert.equal((await getCustomer(api, 'B200'))._halchemy.response.status, 404)
})

test('without If-Match the server answers 428', async () => {
  const api = await freshApi()
  const r = await api.usingEndpoint('/customers/A375').patch({ a: 1 })
  assert.equal(r._halchemy.response.status, 428)
  assert.equal(r._halchemy.request.headers['If-Match'], undefined)
})

test('If-Match: the header first, then the etag field', async () => {
  const api = await freshApi()
  const both = await api.usingEndpoint('/headers-only-etag').get()
  assert.equal(both._etag, 'from-field')
  assert.equal((await api.follow(both).to('self').patch({})).headers['If-Match'], '"from-header"')
  const fieldOnly = { _etag: 'f1', _links: { self: { href: '/echo/me' }, edit: { href: '/echo/me' } } }
  assert.equal((await api.follow(fieldOnly).to('self').put({})).headers['If-Match'], 'f1')
  // Any rel whose href is the self href is the resource itself.
  assert.equal((await api.follow(fieldOnly).to('edit').delete()).headers['If-Match'], 'f1')
  // A field served by /echo?field=: a resource read from the server.
  const served = await api.usingEndpoint('/echo/x').withParameters({ field: 'srv' }).get()
  assert.equal((await api.follow(served).to('self').patch({})).headers['If-Match'], 'srv')
  // The ETag header served by /echo?etag=: it wins over the field.
  const tagged = await api.usingEndpoint('/echo/y').withParameters({ etag: '"t1"', field: 'f' }).get()
  assert.equal((await api.follow(tagged).to('self').patch({})).headers['If-Match'], '"t1"')
})

test('If-Match: never on GET/POST/HEAD/OPTIONS, never for another resource, the caller wins', async () => {
  const api = await freshApi()
  const fieldOnly = { _etag: 'f1', _links: { self: { href: '/echo/me' }, other: { href: '/echo/other' } } }
  for (const method of ['get', 'post', 'head', 'options']) {
    const r = await api.follow(fieldOnly).to('self')[method]()
    assert.equal(r._halchemy.request.headers['If-Match'], undefined, method)
  }
  assert.equal((await api.follow(fieldOnly).to('other').put({})).headers['If-Match'], undefined)
  const mine = await api.follow(fieldOnly).to('self').withHeaders({ 'if-match': 'mine' }).patch({})
  assert.equal(mine.headers['if-match'], 'mine')
  // cancel is a different URL: that ETag would describe another representation.
  const customer = await getCustomer(api)
  const cancelled = await api.follow(customer).to('cancel').put({})
  assert.equal(cancelled.cancelled, true)
  assert.equal(cancelled.ifMatch, null)
})

test('If-Match: the etagField setting names the field; an object the caller built works', async () => {
  const api = await freshApi()
  api.etagField = 'version'
  const built = { version: 'v9', _etag: 'not-this', _links: { self: { href: '/echo/v' } } }
  assert.equal((await api.follow(built).to('self').patch({})).headers['If-Match'], 'v9')
  api.etagField = '_etag'
  const copied = { ...(await getCustomer(api)) } // a plain copy: the field only
  assert.equal((await api.follow(copied).to('self').patch({}))._halchemy.request.headers['If-Match'], copied._etag)
})
