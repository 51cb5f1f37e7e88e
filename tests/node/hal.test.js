// SPEC §11: the HAL helpers on resources from a real server (/hal), on embedded and
// collection items, on objects a program built, and when the same resource is read twice.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const halchemy = require('halchemy')
const { useServers, isCoreError } = require('./helpers')

const servers = useServers()

test('links, hasRel, embeddedRels, hasEmbedded', async () => {
  const hal = await new halchemy.Api(servers.base).usingEndpoint('/hal').get()
  assert.deepEqual(hal.links, ['self', 'related', 'search'])
  assert.equal(hal.hasRel('search'), true)
  assert.equal(hal.hasRel('nope'), false)
  assert.deepEqual(hal.embeddedRels(), ['owner', 'items'])
  assert.equal(hal.hasEmbedded('owner'), true)
  assert.equal(hal.hasEmbedded('nope'), false)
})

test('embedded: one, many, expect, and its failures', async () => {
  const hal = await new halchemy.Api(servers.base).usingEndpoint('/hal').get()
  const owner = hal.embedded('owner')
  assert.equal(owner.name, 'Pat')
  assert.ok(owner.hasRel('self'), 'an embedded resource is a HAL resource')
  assert.deepEqual(hal.embedded('items').map((x) => x.n), [1, 2])
  assert.equal(hal.embeddedOne('owner').name, 'Pat')
  assert.deepEqual(hal.embeddedMany('items').map((x) => x.links), [['self'], ['self']])
  assert.equal(hal.embedded('owner', halchemy.Multiplicity.ONE).name, 'Pat')
  // SPEC §10 (v2): a MultiplicityError is a HalchemyError; a bad `expect` is a TypeError
  assert.throws(() => hal.embedded('owner', 'many'), (e) => e instanceof halchemy.MultiplicityError && e instanceof halchemy.HalchemyError && e.code === 'expect')
  assert.throws(() => hal.embeddedOne('items'), halchemy.MultiplicityError)
  assert.throws(() => hal.embedded('owner', 'several'), (e) => e instanceof TypeError && e.message === "expect must be 'one' or 'many', not 'several'")
  assert.throws(() => hal.embedded('nope'), (e) => e instanceof Error && !(e instanceof TypeError) && e.message.includes('nope'))
})

test('collection: items as resources, and the three failures', async () => {
  const hal = await new halchemy.Api(servers.base).usingEndpoint('/hal').get()
  const items = hal.collection('_items')
  assert.deepEqual(items.map((x) => x.n), [1, 2])
  assert.ok(items.every((x) => x.hasRel('self')))
  assert.throws(() => hal.collection('missing'), (e) => e instanceof Error && e.message.includes('does not exist'))
  assert.throws(() => hal.collection('notalist'), (e) => e.message.includes('is not a collection'))
  assert.throws(() => hal.collection('bad_items'), (e) => e.message.includes('contains non-HAL formatted objects'))
})

test('helpers work on every resource, also when it is read twice', async () => {
  const api = new halchemy.Api(servers.base)
  const hal = await api.usingEndpoint('/hal').get()
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(hal.links, ['self', 'related', 'search'])
    const owner = hal.embeddedOne('owner')
    assert.equal(owner.hasRel('self'), true)
    assert.deepEqual(hal.collection('_items').map((x) => x.links), [['self'], ['self']])
    assert.ok(!JSON.stringify(hal).includes('_halchemy'))
  }
  const again = await api.usingEndpoint('/hal').get()
  assert.deepEqual({ ...again }, { ...hal })
  assert.notEqual(again._halchemy, hal._halchemy)
  assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(hal)))
})

test('a rel whose value is a list: the first link, or the one picked by name', async () => {
  const api = new halchemy.Api(servers.base)
  const hal = await api.usingEndpoint('/hal').get()
  assert.equal((await api.follow(hal).to('related').get()).path, '/echo/one')
  assert.equal((await api.follow(hal).to('related', { name: 'two' }).get()).path, '/echo/two')
  assert.equal((await api.follow(hal).to('related', 'two').get()).path, '/echo/two')
  assert.throws(() => api.follow(hal).to('related', { name: 'three' }), (e) => isCoreError('no_rel')(e) && e.message.includes('related') && e.message.includes('three'))
  const search = await api.follow(hal).to('search').withTemplateValues({ q: 'a b' }).get()
  assert.equal(search.path, '/echo/search')
  assert.equal(search.query, 'q=a%20b')
})

test('JSON without _links keeps its fields and has no links (SPEC §11 v2: self is not required)', async () => {
  const notHal = await new halchemy.Api(servers.base).usingEndpoint('/not-hal').get()
  assert.equal(notHal.name, 'no links here')
  assert.equal(notHal.hasRel('self'), false)
  assert.deepEqual(notHal.links, [])
  assert.deepEqual(notHal.embeddedRels(), [])
  const noSelf = halchemy.asResource({ _links: { next: { href: '/n' } } })
  assert.equal(noSelf.hasRel('next'), true)
  const bad = halchemy.asResource({ _links: ['not', 'an', 'object'] })
  assert.throws(() => bad.hasRel('self'), (e) => isCoreError('hal')(e) && e.message.includes('_links is not an object'))
})

test('a deprecated link gives one warning per URL', async () => {
  const warnings = []
  const onWarning = (w) => { if (w.code === 'HALCHEMY_DEPRECATED_LINK') warnings.push(w.message) }
  process.on('warning', onWarning)
  const api = new halchemy.Api('http://example.org')
  const resource = { _links: { old: { href: '/node-deprecated-once', deprecation: 'http://docs/old' } } }
  api.follow(resource).to('old')
  api.follow(resource).to('old')
  await new Promise((resolve) => setImmediate(resolve))
  process.off('warning', onWarning)
  assert.deepEqual(warnings, ['the link to http://example.org/node-deprecated-once is deprecated (see http://docs/old)'])
})

test('asResource gives an object a program built the helpers, invisibly', () => {
  const built = halchemy.asResource({ _links: { self: { href: '/x' } }, _embedded: { one: { _links: { self: { href: '/1' } } } } })
  assert.equal(built.hasEmbedded('one'), true)
  assert.equal(built.embeddedOne('one').links[0], 'self')
  assert.equal(built._halchemy, null)
  assert.deepEqual(Object.keys(built), ['_links', '_embedded'])
  assert.throws(() => halchemy.asResource('x'), TypeError)
})

test('§11 an embedded resource or collection item is a copy: changing it leaves the parent as it came (as in Python)', () => {
  const parent = halchemy.asResource({ _embedded: { owner: { name: 'Pat' }, items: [{ n: 1 }] }, _items: [{ n: 2 }] })
  const owner = parent.embedded('owner')
  owner.name = 'Lee'
  parent.embeddedMany('items')[0].n = 9
  for (const item of parent.collection('_items')) item.n = 9
  assert.deepEqual(JSON.parse(JSON.stringify(parent)), { _embedded: { owner: { name: 'Pat' }, items: [{ n: 1 }] }, _items: [{ n: 2 }] })
  assert.equal(owner.name, 'Lee')
})

test('§12 a NUL in an href, the self href or a criterion is refused, never cut (as in Python)', () => {
  const api = new halchemy.Api('http://h')
  const refused = (shown) => (e) => e instanceof halchemy.InvalidValueError && e.message.includes('NUL') && e.message.includes(shown)
  assert.throws(() => api.follow({ _links: { x: { href: '/a\u0000b' } } }).to('x'), refused("'/a\\x00b'"))
  assert.throws(() => api.follow({ _links: { self: { href: '/s\u0000' }, x: { href: '/a' } } }).to('x'), refused("'/s\\x00'"))
  assert.throws(() => api.follow({ _links: { x: { href: '/a' } } }).to('x', { name: 'a\u0000' }), refused("'a\\x00'"))
  const links = { x: [{ href: '/1', name: 'a\u0000b' }, { href: '/2', name: 'a' }] }
  assert.equal(api.follow({ _links: links }).to('x', { name: 'a' }).url, 'http://h/2')
})
