// The shared vectors of tests/vectors/ through the public JS API (templates, URL joining,
// parameters, status specs, headers, HAL helpers) and the community RFC 6570 suite.
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const halchemy = require('halchemy')
const native = require('../../node/lib/native')
const { vectors, communitySuite, caseName } = require('./helpers')

const ERRORS = {
  template: halchemy.TemplateError,
  scheme: halchemy.SchemeError,
  parameters: halchemy.ParameterError,
  status_spec: halchemy.StatusSpecError,
  header: halchemy.HeaderError,
  hal: halchemy.HalFormatError,
  no_rel: halchemy.RelNotFoundError,
  expect: TypeError
}

test('RFC 6570 community suite', () => {
  let count = 0
  for (const c of communitySuite()) {
    // Not every suite template is a URL, so these go through the core's expander itself.
    const values = JSON.stringify(c.variables)
    if (c.expected === false) {
      assert.throws(() => native.expand(c.template, values), (e) => e instanceof halchemy.TemplateError && e.message.includes(c.template), c.template)
    } else {
      const allowed = Array.isArray(c.expected) ? c.expected : [c.expected]
      const got = native.expand(c.template, values)
      assert.ok(allowed.includes(got), `${c.file} ${c.template}: ${got} not in ${allowed}`)
    }
    count++
  }
  assert.ok(count > 250)
})

for (const c of vectors('uritemplate_spec.json')) {
  test(`template: ${caseName(c)} ${c.template}`, () => {
    const r = new halchemy.Api('http://example.org').usingEndpoint(c.template).withTemplateValues(c.values)
    if (c.error) assert.throws(() => r.url, ERRORS[c.error])
    else assert.equal(r.url, 'http://example.org' + c.expected)
  })
}

for (const c of vectors('url_join.json')) {
  test(`url: ${c.base} + ${c.href}`, () => {
    const r = new halchemy.Api(c.base).usingEndpoint(c.href)
    if (c.error) assert.throws(() => r.url, ERRORS[c.error])
    else assert.equal(r.url, c.expected)
  })
}

for (const c of vectors('query.json')) {
  test(`parameters: ${caseName(c)}`, () => {
    const api = new halchemy.Api('http://example.org')
    if (c.error) {
      assert.throws(() => { api.parametersListStyle = c.style }, ERRORS[c.error])
      return
    }
    if (c.style) api.parametersListStyle = c.style
    assert.equal(api.usingEndpoint(c.url || '/test').withParameters(c.params).url, 'http://example.org' + c.expected)
  })
}

for (const c of vectors('status_codes.json')) {
  test(`status spec: ${c.spec}`, () => {
    if (c.error) {
      const api = new halchemy.Api('http://example.org')
      assert.throws(() => { api.errorHandling.raiseForStatusCodes = c.spec }, (e) => e instanceof halchemy.StatusSpecError && e.message.includes(c.spec))
      return
    }
    for (const code of c.raises) assert.equal(native.statusMatches(c.spec, code), true, `${c.spec} ${code}`)
    for (const code of c.passes) assert.equal(native.statusMatches(c.spec, code), false, `${c.spec} ${code}`)
  })
}

for (const c of vectors('headers.json')) {
  test(`headers: ${caseName(c)}`, () => {
    const api = new halchemy.Api('http://example.org')
    const run = () => {
      for (const [op, name, value] of c.ops) {
        if (op === 'remove') api.removeHeaders([name])
        else api.addHeaders({ [name]: value })
      }
    }
    if (c.error) assert.throws(run, ERRORS[c.error])
    else { run(); assert.deepEqual(api.headers, c.expected) }
  })
}

for (const c of vectors('hal.json')) {
  test(`hal: ${c.op} ${caseName(c)}`, () => {
    let run
    if (c.op === 'link') {
      const api = new halchemy.Api('http://example.org')
      run = () => api.follow({ _links: c.links }).to(c.rel, c.name ? { name: c.name } : undefined).url
    } else {
      const resource = Object.setPrototypeOf(structuredClone(c.resource), halchemy.HalResource.prototype)
      run = () => {
        if (c.op === 'check') return resource.links !== undefined
        if (c.op === 'collection') return resource.collection(c.field) !== undefined
        return Array.isArray(resource.embedded(c.rel, c.expect || undefined)) ? 'many' : 'one'
      }
    }
    if (c.error) {
      assert.throws(run, (e) => e instanceof ERRORS[c.error] && e.message.includes(c.message), c.message)
    } else if (c.op === 'link') {
      assert.equal(run(), 'http://example.org' + c.expected.href.replace(/\{[^}]*\}/g, ''))
    } else {
      assert.equal(run(), c.expected)
    }
  })
}
