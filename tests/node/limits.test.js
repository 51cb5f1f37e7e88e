// SPEC §12 linear work: the cases of tests/vectors/limits.json through the public JS API
// (issue 10's quadratic inputs and the stated limits). The inputs are built by the small
// generator that file describes; tests/c/test_limits.c and tests/python/test_limits.py read
// the same cases.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const halchemy = require('halchemy')
const { vectors, caseName, isCoreError } = require('./helpers')

const BASE = 'http://example.org'

const withIndex = (text, i) => text.split('{i}').join(String(i))

function genString (g) {
  if (typeof g === 'string') return g
  return (g.before || '') + g.$repeat.repeat(g.times) + (g.then || '')
}

// The value a generator stands for (see limits.json's comment).
function generate (g) {
  if (g === null || typeof g !== 'object' || Array.isArray(g)) return g
  if ('$repeat' in g) return genString(g)
  if ('$list' in g) {
    const out = new Array(g.times)
    for (let i = 0; i < g.times; i++) out[i] = typeof g.$list === 'string' ? withIndex(g.$list, i) : generate(g.$list)
    return out
  }
  if ('$object' in g) {
    const name = genString(g.$object)
    const out = {}
    for (let i = 0; i < g.times; i++) out[withIndex(name, i)] = generate(g.value)
    return out
  }
  const out = {}
  for (const [k, v] of Object.entries(g)) out[k] = generate(v)
  return out
}

for (const c of vectors('limits.json')) {
  test(`§12 ${c.kind}: ${caseName(c)}`, () => {
    const api = new halchemy.Api(BASE)
    if (c.kind === 'query') {
      if (c.style) api.parametersListStyle = c.style
      const r = api.usingEndpoint('/test').withParameters(generate(c.params))
      if (c.error) assert.throws(() => r.url, isCoreError(c.error, c.message))
      else assert.equal(r.url.length, BASE.length + c.expected_length)
    } else if (c.kind === 'template') {
      const r = api.usingEndpoint(genString(c.template)).withTemplateValues(generate(c.values))
      if (c.error) assert.throws(() => r.url, isCoreError(c.error, c.message))
      else assert.equal(r.url, BASE + c.expected)
    } else if (c.kind === 'headers') {
      const defaults = api.headers
      api.addHeaders(generate(c.merge))
      api.removeHeaders(generate(c.remove))
      assert.deepEqual(api.headers, { ...defaults, ...c.expected_added })
    } else {
      assert.fail(`unknown kind ${c.kind}`)
    }
  })
}
