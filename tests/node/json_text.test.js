// The JSON text node/lib/json.js hands the core: beyond the depth JSON.stringify can recurse
// to, the same text is written without recursion, so a very deep resource or request value
// is the core's clear error (the same as Python's), never a raw RangeError.
'use strict'
const assert = require('node:assert/strict')
const test = require('node:test')
const halchemy = require('halchemy')
const { stringifyDeep } = require('../../node/lib/json')

function nested (levels, leaf = {}) {
  const root = {}
  let cur = root
  for (let i = 1; i < levels; i++) { cur.a = {}; cur = cur.a }
  Object.assign(cur, leaf)
  return root
}

test('the writer without recursion writes what JSON.stringify writes', () => {
  const when = new Date(0)
  const values = [
    { a: [1, 'x', null, undefined, () => 1, Symbol('s'), { b: undefined, c: when }], s: '\ud800 \ud83d\ude00 "q" \\ \n' },
    [undefined, () => 1], [], {}, 'text', 5, -0, 1e21, 1e-7, true, null,
    { toJSON () { return { replaced: [1, 2] } } }, { nested: { deeper: [[[]], {}] } }, { '': 0, 'é': 'ü' }
  ]
  for (const v of values) assert.equal(stringifyDeep(v), JSON.stringify(v), JSON.stringify(v))
  assert.equal(stringifyDeep(undefined), undefined)
  assert.equal(stringifyDeep(() => 1), undefined)
  const replacer = (k, v) => (typeof v === 'number' ? v * 2 : v)
  assert.equal(stringifyDeep({ a: [1, { b: 2 }] }, replacer), JSON.stringify({ a: [1, { b: 2 }] }, replacer))
  const cycle = { a: {} }
  cycle.a.back = cycle
  assert.throws(() => stringifyDeep(cycle), TypeError)
  const shared = { x: 1 }
  assert.equal(stringifyDeep({ a: shared, b: shared }), '{"a":{"x":1},"b":{"x":1}}') // twice is no cycle
  const text = stringifyDeep(nested(50000)) // '{"a":' 49,999 times, '{}', then the closing braces
  assert.equal(text.length, 6 * 50000 - 4)
  assert.equal(text, '{"a":'.repeat(49999) + '{}' + '}'.repeat(49999))
})

test('a resource 100,000 levels deep is the core\'s error in every helper, as in Python', async () => {
  const deep = nested(100000)
  const notJson = (e) => e instanceof halchemy.InvalidValueError && e.code === 'json'
  assert.throws(() => halchemy.asResource({ _links: { self: { href: '/x' } }, deep }).links, (e) => notJson(e) && e.message === 'the resource is not valid JSON')
  const r = halchemy.asResource({ _links: { self: { href: '/x' }, deep } })
  assert.throws(() => r.links, (e) => notJson(e) && e.message === 'the resource is not valid JSON')
  assert.throws(() => r.hasRel('self'), notJson)
  const api = new halchemy.Api('http://127.0.0.1:9')
  assert.throws(() => api.follow(r).to('deep'), (e) => notJson(e) && e.message === "the resource's _links is not valid JSON")
  assert.equal(api.follow(r).to('self').url, 'http://127.0.0.1:9/x') // only the rel followed is written
  await assert.rejects(api.usingEndpoint('/x').post({ deep }),
    (e) => notJson(e) && e.message === 'the request body: not valid JSON: nesting deeper than 1000 levels (at byte 5003)')
  // the resource, _links, and 998 levels below: 1,000 levels in all is fine; one more is not
  assert.equal(halchemy.asResource({ _links: { self: { href: '/x' }, n: nested(998) } }).links.length, 2)
  assert.throws(() => halchemy.asResource({ _links: { self: { href: '/x' }, n: nested(999) } }).links, notJson)
})
