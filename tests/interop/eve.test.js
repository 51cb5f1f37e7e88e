// halchemy against a real Python Eve app (tests/interop/eve: Eve on mongomock, If-Match
// enforced, pagination on, `customers` looked up by membershipId, `orders`). The same cases
// as tests/interop/test_eve.py; what Eve answers is described there.
// Tests that change data make their own customers (never a Doe: the paging test counts them).
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const { Api } = require('halchemy')
const { useServer } = require('./servers')

const eve = useServer('eve')

const STALE_MESSAGE = "Client and server etags don't match"
const MISSING_MESSAGE = 'To edit a document its etag must be provided using the If-Match header'
const DOE = '{"familyName": "Doe"}'

const status = (resource) => resource._halchemy.response.status
const sentIfMatch = (resource) => resource._halchemy.request.headers['If-Match']

// The customers collection, reached from the home by its first `child` link (Eve lists
// `customers` first); the tests of link selection by title are separate.
async function customersPage (api, parameters) {
  const home = await api.home.get()
  let requester = api.follow(home).to('child')
  if (parameters) requester = requester.withParameters(parameters)
  const page = await requester.get()
  assert.equal(status(page), 200)
  assert.equal(page._links.self.title, 'customers')
  return page
}

// POSTs a customer with a unique membershipId and returns it as GET by its `item` link (so
// it carries the ETag header).
async function newCustomer (api, givenName = 'Ann', familyName = 'Tester') {
  const customers = await customersPage(api)
  const membershipId = 'T' + crypto.randomBytes(6).toString('hex')
  const created = await api.follow(customers).to('self').post({ membershipId, givenName, familyName })
  assert.equal(status(created), 201)
  const customer = await api.follow(customers).to('item').withTemplateValues({ membershipId }).get()
  assert.equal(status(customer), 200)
  assert.equal(customer.membershipId, membershipId)
  return customer
}

async function reread (api, resource) {
  const fresh = await api.follow(resource).to('self').get()
  assert.equal(status(fresh), 200)
  return fresh
}

test('the seed example runs unchanged and a stale change is answered 412', async () => {
  const api = new Api(eve.base)
  const home = await api.home.get()
  const customers = await api.follow(home).to('child', { title: 'customers' }).get()
  assert.equal(customers._halchemy.request.url, `${eve.base}/customers`)

  let customer = await api.follow(customers).to('item').withTemplateValues({'membershipId': 'A375'}).get()
  assert.equal(customer._halchemy.request.url, `${eve.base}/customers/A375`)
  assert.equal(status(customer), 200)
  assert.equal(customer.membershipId, 'A375')
  assert.equal(customer.familyName, 'Smith')
  const etag = customer._halchemy.response.headers.ETag
  assert.equal(etag, `"${customer._etag}"`)

  // someone else changes the customer meanwhile, through their own Api
  const other = new Api(eve.base)
  let theirs = await other.follow(customer).to('self').get()
  theirs = await other.follow(theirs).to('self').patch({ givenName: 'Patricia' })
  assert.equal(status(theirs), 200)
  assert.notEqual(theirs._halchemy.response.headers.ETag, etag)

  customer = await api.follow(customer).to('self').patch({'givenName': 'Leslie'})
  assert.equal(customer._halchemy.response.status, 412)
  assert.equal(customer._halchemy.response.statusCode, 412)
  assert.equal(customer._halchemy.response.status_code, 412)
  assert.equal(sentIfMatch(customer), etag)
  assert.equal(customer._halchemy.request.url, `${eve.base}/customers/${theirs._id}`)
  assert.equal(customer._status, 'ERR')
  assert.deepEqual({ ...customer._error }, { code: 412, message: STALE_MESSAGE })
  // Eve's 412 body is an error object, not the resource: the seed's message shows undefined
  assert.equal(customer.membershipId, undefined)
  assert.equal(`Someone else has changed customer #${customer.membershipId}.`,
    'Someone else has changed customer #undefined.')

  const now = await other.usingEndpoint(`${eve.base}/customers/A375`).get()
  assert.equal(now.givenName, 'Patricia')
})

test('PUT, PATCH and DELETE with a fresh ETag succeed', async () => {
  const api = new Api(eve.base)
  const customer = await newCustomer(api)
  const etag = customer._halchemy.response.headers.ETag

  const patched = await api.follow(customer).to('self').patch({ familyName: 'Patched' })
  assert.equal(status(patched), 200)
  assert.equal(sentIfMatch(patched), etag)
  assert.equal(patched._status, 'OK')
  assert.equal(patched._halchemy.response.headers.ETag, `"${patched._etag}"`)
  assert.notEqual(patched._etag, customer._etag)

  let fresh = await reread(api, customer)
  assert.equal(fresh.familyName, 'Patched')
  const put = await api.follow(fresh).to('self').put(
    { membershipId: fresh.membershipId, givenName: 'Bo', familyName: 'Put' })
  assert.equal(status(put), 200)
  assert.equal(sentIfMatch(put), fresh._halchemy.response.headers.ETag)
  fresh = await reread(api, customer)
  assert.deepEqual([fresh.givenName, fresh.familyName], ['Bo', 'Put'])

  const deleted = await api.follow(fresh).to('self').delete()
  assert.equal(status(deleted), 204)
  assert.equal(sentIfMatch(deleted), fresh._halchemy.response.headers.ETag)
  const gone = await api.follow(customer).to('self').get()
  assert.equal(status(gone), 404)
})

test('PUT, PATCH and DELETE with a stale ETag are answered 412', async () => {
  const api = new Api(eve.base)
  const stale = await newCustomer(api)
  const changed = await api.follow(stale).to('self').patch({ givenName: 'Changed' })
  assert.equal(status(changed), 200)
  const staleEtag = stale._halchemy.response.headers.ETag

  const calls = [
    ['PATCH', (r) => r.patch({ givenName: 'Lost' })],
    ['PUT', (r) => r.put({ membershipId: stale.membershipId, givenName: 'Lost', familyName: 'Lost' })],
    ['DELETE', (r) => r.delete()]
  ]
  for (const [name, call] of calls) {
    const answer = await call(api.follow(stale).to('self'))
    assert.equal(answer._halchemy.request.method, name)
    assert.equal(status(answer), 412, name)
    assert.equal(sentIfMatch(answer), staleEtag, name)
    assert.deepEqual({ ...answer._error }, { code: 412, message: STALE_MESSAGE }, name)
  }

  const fresh = await reread(api, stale)
  assert.deepEqual([fresh.givenName, fresh.familyName], ['Changed', 'Tester'])
})

test('PUT, PATCH and DELETE without If-Match are answered 428', async () => {
  const api = new Api(eve.base)
  const customer = await newCustomer(api)
  const href = customer._links.self.href
  const byHand = { _links: { self: { href } } } // built by the caller: no ETag at all

  const answers = [
    await api.follow(byHand).to('self').patch({ givenName: 'Lost' }),
    await api.follow(byHand).to('self').put(
      { membershipId: customer.membershipId, givenName: 'Lost', familyName: 'Lost' }),
    await api.follow(byHand).to('self').delete(),
    await api.usingEndpoint(`${eve.base}/${href}`).patch({ givenName: 'Lost' }),
    await api.usingEndpoint(`${eve.base}/${href}`).delete()
  ]
  for (const answer of answers) {
    const what = `${answer._halchemy.request.method} ${answer._halchemy.request.url}`
    assert.equal(answer._halchemy.request.url, `${eve.base}/${href}`, what)
    assert.equal(sentIfMatch(answer), undefined, what)
    assert.equal(status(answer), 428, what)
    assert.deepEqual({ ...answer._error }, { code: 428, message: MISSING_MESSAGE }, what)
  }

  const fresh = await reread(api, customer)
  assert.equal(fresh.givenName, 'Ann')
  assert.equal(fresh._etag, customer._etag)
})

test('the next page of a filtered GET is requested with the href percent-encoded', async () => {
  const api = new Api(eve.base)
  const home = await api.home.get()
  const first = await api.follow(home).to('child', { title: 'customers' })
    .withParameters({ where: DOE, max_results: 1 }).get()
  assert.equal(status(first), 200)
  assert.equal(first._halchemy.request.url,
    `${eve.base}/customers?where=%7B%22familyName%22%3A+%22Doe%22%7D&max_results=1`)
  assert.deepEqual({ ...first._meta }, { page: 1, max_results: 1, total: 3 })
  assert.equal(first._links.next.href, 'customers?max_results=1&where={"familyName": "Doe"}&page=2')
  assert.equal(first._items.length, 1)
  const one = first._items[0]
  assert.equal(one.familyName, 'Doe')

  const second = await api.follow(first).to('next').get()
  assert.equal(second._halchemy.request.url,
    `${eve.base}/customers?max_results=1&where=%7B%22familyName%22:%20%22Doe%22%7D&page=2`)
  assert.equal(status(second), 200)
  assert.deepEqual({ ...second._meta }, { page: 2, max_results: 1, total: 3 })
  assert.equal(second._items.length, 1)
  const two = second._items[0]
  assert.equal(two.familyName, 'Doe')
  assert.notEqual(two.membershipId, one.membershipId)
})

test("a link of the home's child array is chosen by its title", async () => {
  const api = new Api(eve.base)
  const home = await api.home.get()
  assert.deepEqual(JSON.parse(JSON.stringify(home._links.child)), [
    { href: 'customers', title: 'customers' }, { href: 'orders', title: 'orders' }])

  const orders = await api.follow(home).to('child', { title: 'orders' }).get()
  assert.equal(status(orders), 200)
  assert.equal(orders._halchemy.request.url, `${eve.base}/orders`)
  assert.deepEqual({ ...orders._links.self }, { title: 'orders', href: 'orders' })
  assert.deepEqual(orders._items.map((order) => order.number).sort(), ['O-1', 'O-2'])

  const customers = await api.follow(home).to('child', { title: 'customers' }).get()
  assert.equal(customers._halchemy.request.url, `${eve.base}/customers`)
  assert.equal(customers._links.self.title, 'customers')
})

test('an unknown link criterion is a TypeError', async () => {
  const api = new Api(eve.base)
  const home = await api.home.get()
  assert.throws(() => api.follow(home).to('child', { colour: 'red' }), TypeError)
})

test('a title that matches no link is the missing-rel error naming the rel', async () => {
  const api = new Api(eve.base)
  const home = await api.home.get()
  assert.throws(() => api.follow(home).to('child', { title: 'invoices' }), (err) => {
    assert.ok(err instanceof Error)
    assert.ok(!(err instanceof TypeError), `${err.name}: ${err.message}`)
    assert.match(err.message, /child/)
    assert.match(err.message, /invoices/)
    return true
  })
})

test('links and hasRel work on the home, which has no self', async () => {
  const api = new Api(eve.base)
  const home = await api.home.get()
  assert.equal(home._links.self, undefined)
  assert.deepEqual(home.links, ['child'])
  assert.equal(home.hasRel('child'), true)
  assert.equal(home.hasRel('self'), false)
})

test('the items of a page are HAL resources with membershipId and _etag', async () => {
  const api = new Api(eve.base)
  const page = await customersPage(api)
  const items = [...page.collection('_items')]
  assert.equal(items.length, page._items.length)
  assert.ok(items.length >= 5, `${items.length} items`)
  const byId = Object.fromEntries(items.map((item) => [item.membershipId, item]))
  assert.equal(byId.A375.familyName, 'Smith')
  assert.deepEqual([byId.B200.givenName, byId.B200.familyName], ['Lee', 'Jones'])
  for (const item of items) {
    assert.equal(typeof item._etag, 'string')
    assert.equal(item._etag.length, 40)
    assert.equal(item.hasRel('self'), true)
    assert.equal(item._links.self.href, `customers/${item._id}`)
  }
  assert.equal(page.hasEmbedded('customers'), false)
})

test('a change of an item taken from _items sends its _etag field as If-Match', async () => {
  const api = new Api(eve.base)
  const made = await newCustomer(api)
  const page = await customersPage(api, { where: JSON.stringify({ membershipId: made.membershipId }) })
  const items = [...page.collection('_items')]
  assert.equal(items.length, 1)
  const item = items[0]
  assert.equal(item.membershipId, made.membershipId)

  const changed = await api.follow(item).to('self').patch({ givenName: 'Sam' })
  assert.equal(status(changed), 200)
  assert.equal(sentIfMatch(changed), item._etag)
  assert.equal(changed._halchemy.request.url, `${eve.base}/customers/${item._id}`)
  assert.equal((await reread(api, made)).givenName, 'Sam')
})

test('a conflict is retried with the current ETag when asked', async () => {
  const api = new Api(eve.base)
  const customer = await newCustomer(api)

  const other = new Api(eve.base)
  const theirs = await other.follow(customer).to('self').patch({ familyName: 'Theirs' })
  assert.equal(status(theirs), 200)
  const current = theirs._halchemy.response.headers.ETag

  const ours = await api.follow(customer).to('self').withConflictRetry(1).patch({ givenName: 'Ours' })
  assert.equal(status(ours), 200)
  assert.equal(ours._halchemy.conflictRetries, 1)
  assert.equal(sentIfMatch(ours), current)
  const fresh = await reread(api, customer)
  assert.deepEqual([fresh.givenName, fresh.familyName], ['Ours', 'Theirs'])

  const again = await api.follow(fresh).to('self').withConflictRetry(1).patch({ givenName: 'Again' })
  assert.equal(status(again), 200)
  assert.equal(again._halchemy.conflictRetries, 0)
})
