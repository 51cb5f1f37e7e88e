// The shared vectors of tests/vectors/ (the same files the C tests and pytest read) through
// the public JS API: templates (§4), URL joining and schemes (§3, §12), parameters (§5),
// headers (§6), bodies (§7), If-Match (§8), status specs (§10), HAL (§11), config (§2).
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const halchemy = require('halchemy')
const native = require('../../node/lib/native')
const { vectors, communitySuite, caseName, isCoreError, closedPort, SCRATCH, EMPTY_CONFIG } = require('./helpers')

const BASE = 'http://example.org'

test('RFC 6570 community suite (every case of tests/vectors/uritemplate)', () => {
  let count = 0
  for (const c of communitySuite()) {
    // Not every suite template is a URL, so these go through the core's expander itself.
    const values = JSON.stringify(c.variables)
    if (c.expected === false) {
      assert.throws(() => native.expand(c.template, values), isCoreError('template'), `${c.file}: ${c.template}`)
    } else {
      const allowed = Array.isArray(c.expected) ? c.expected : [c.expected]
      const got = native.expand(c.template, values)
      assert.ok(allowed.includes(got), `${c.file} ${c.template}: ${got} not in ${allowed}`)
    }
    count++
  }
  assert.ok(count > 250, `${count} cases`)
})

for (const c of vectors('uritemplate_spec.json')) {
  test(`§4 template: ${caseName(c)}`, () => {
    const r = new halchemy.Api(BASE).usingEndpoint(c.template).withTemplateValues(c.values)
    if (c.error) assert.throws(() => r.url, isCoreError(c.error, c.template.slice(0, 40)))
    else assert.equal(r.url, BASE + c.expected)
  })
}

for (const c of vectors('url_join.json')) {
  test(`§3 url: ${c.base} + ${c.href}${c.document ? ' in ' + c.document : ''}`, () => {
    if (c.document !== undefined) { // against the URL a resource came from: no public API takes it alone
      const run = () => { native.urlResolve(c.base, c.document, c.href); new halchemy.Api(c.base).usingEndpoint(c.href).url } // eslint-disable-line no-unused-expressions
      if (c.error) assert.throws(run, isCoreError(c.error))
      else assert.equal(native.urlResolve(c.base, c.document, c.href), c.expected)
      return
    }
    const r = new halchemy.Api(c.base).usingEndpoint(c.href)
    if (c.error) assert.throws(() => r.url, isCoreError(c.error))
    else assert.equal(r.url, c.expected)
  })
}

// §4 v2: a link without templated: true is a URI reference, not a template.
for (const c of vectors('uri_reference.json')) {
  test(`§4 uri reference: ${caseName(c)}`, () => {
    const r = new halchemy.Api('http://h').follow({ _links: { next: { href: c.href } } }).to('next')
    if (c.error) assert.throws(() => r.url, (e) => isCoreError(c.error)(e) && e.message.includes('control character'))
    else assert.equal(r.url, c.expected.includes('://') ? c.expected : native.urlResolve('http://h', null, c.expected))
  })
}

for (const c of vectors('query.json')) {
  test(`§5 parameters: ${caseName(c)}`, () => {
    const api = new halchemy.Api(BASE)
    if (c.error) {
      assert.throws(() => { api.parametersListStyle = c.style }, isCoreError(c.error))
      assert.equal(api.parametersListStyle, 'repeat_key', 'a refused style leaves the old one')
      return
    }
    if (c.style) api.parametersListStyle = c.style
    assert.equal(api.usingEndpoint(c.url || '/test').withParameters(c.params).url, BASE + c.expected)
  })
}

// A response's metadata built by hand: raiseForStatusCodes is public API.
function metadataWithStatus (status) {
  const request = new halchemy.HalchemyRequest('GET', BASE + '/', [], null)
  const response = new halchemy.HalchemyResponse(status, '', [], null, BASE + '/')
  return new halchemy.HalchemyMetadata(request, response, null, {})
}

for (const c of vectors('status_codes.json')) {
  test(`§10 status spec: ${caseName(c)}`, () => {
    if (c.error) {
      const api = new halchemy.Api(BASE)
      assert.throws(() => { api.errorHandling.raiseForStatusCodes = c.spec }, isCoreError(c.error, c.message))
      assert.throws(() => metadataWithStatus(200).raiseForStatusCodes(c.spec), isCoreError(c.error))
      assert.equal(api.errorHandling.raiseForStatusCodes, null, 'a refused spec leaves the old one')
      return
    }
    const api = new halchemy.Api(BASE)
    api.errorHandling.raiseForStatusCodes = c.spec
    for (const code of c.raises) assert.throws(() => metadataWithStatus(code).raiseForStatusCodes(c.spec), halchemy.HTTPError, `${c.spec} ${code}`)
    for (const code of c.passes) metadataWithStatus(code).raiseForStatusCodes(c.spec)
  })
}

for (const c of vectors('headers.json')) {
  test(`§6 headers: ${caseName(c)}`, async () => {
    // A closed port: the request is built (and its headers kept) but nothing answers.
    const api = new halchemy.Api(`http://127.0.0.1:${await closedPort()}`)
    api.errorHandling.raiseForNetworkErrors = false
    let perRequest
    const run = async () => {
      for (const [op, name, value] of c.ops) {
        if (op === 'remove') api.removeHeaders([name])
        else if (op === 'request') perRequest = { ...perRequest, [name]: value }
        else api.addHeaders({ [name]: value })
      }
      const r = await api.usingEndpoint('/').withHeaders(perRequest).get()
      return Object.fromEntries(Object.entries(r._halchemy.request.headers))
    }
    if (c.error) {
      await assert.rejects(run, isCoreError(c.error))
      return
    }
    const sent = await run()
    const expected = Object.entries(c.expected)
    for (const [name, value] of expected) assert.equal(sent[name], value, name)
    if (!perRequest) assert.deepEqual(api.headers, c.expected)
    else assert.deepEqual(Object.keys(api.headers).length, expected.length)
  })
}

test('§7 bodies: the bytes each value is sent as (no server: the request as built)', async () => {
  const api = new halchemy.Api(`http://127.0.0.1:${await closedPort()}`)
  api.errorHandling.raiseForNetworkErrors = false
  for (const c of vectors('bodies.json')) {
    const r = await api.usingEndpoint('/echo').post(c.data, c.content_type || undefined)
    assert.equal(r._halchemy.request.body, c.expected, caseName(c))
    if (c.content_type) assert.equal(r._halchemy.request.headers['content-type'], c.content_type, caseName(c))
  }
})

// The rule itself for every case, and through follow() + a request for the methods a
// requester has (the If-Match is read from the request as built; nothing listens there).
test('§8 If-Match: the rule for every vector, and on built requests', async () => {
  const base = `http://127.0.0.1:${await closedPort()}`
  const api = new halchemy.Api(base)
  api.errorHandling.raiseForNetworkErrors = false
  const METHODS = { GET: 'get', HEAD: 'head', OPTIONS: 'options', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' }
  let viaApi = 0
  for (const c of vectors('if_match.json')) {
    const name = caseName(c)
    assert.equal(native.ifMatch(c.method, c.link_href, c.self_href ?? undefined, c.etag_header ?? undefined, c.etag_value ?? undefined, c.etag_source ?? undefined), c.expected, name)
    const method = METHODS[c.method]
    if (c.etag_source !== undefined) continue // a body the resource came in: the rule alone
    if (!method || /^[a-z]+:/.test(c.link_href) || c.link_href === '') continue
    const links = { link: { href: c.link_href, templated: c.link_href.includes('{') } }
    if (c.self_href !== null) links.self = { href: c.self_href }
    const resource = halchemy.asResource({ _links: links })
    if (c.etag_value !== null) resource._etag = c.etag_value
    if (c.etag_header !== null) {
      resource._halchemy = new halchemy.HalchemyMetadata(new halchemy.HalchemyRequest('GET', base, [], null),
        new halchemy.HalchemyResponse(200, 'OK', ['ETag', c.etag_header], null, base), null, resource)
    }
    const r = await api.follow(resource).to('link').withTemplateValues({ id: '1' })[method]()
    assert.equal(r._halchemy.request.headers['If-Match'] ?? null, c.expected, name)
    viaApi++
  }
  assert.ok(viaApi > 30, `${viaApi} cases through the Api`)
})

for (const c of vectors('hal.json')) {
  test(`§11 hal: ${c.op} ${caseName(c)}`, () => {
    let run
    if (c.op === 'link' || c.op === 'find') {
      const api = new halchemy.Api(BASE)
      const criteria = c.op === 'link' ? (c.name ? { name: c.name } : undefined) : c.criteria
      run = () => api.follow(c.links === null ? {} : { _links: c.links }).to(c.rel, criteria)
    } else if (c.op === 'has_rel') {
      const resource = halchemy.asResource({ _links: c.links })
      run = () => resource.hasRel(c.rel)
    } else {
      const resource = halchemy.asResource(structuredClone(c.resource))
      run = () => {
        if (c.op === 'check') return resource.links !== undefined
        if (c.op === 'collection') return resource.collection(c.field) !== undefined
        return Array.isArray(resource.embedded(c.rel, c.expect || undefined)) ? 'many' : 'one'
      }
    }
    if (c.error === 'argument') {
      assert.throws(run, (e) => e instanceof TypeError && e.message.includes(c.message))
    } else if (c.error) {
      assert.throws(run, isCoreError(c.error, c.message))
    } else if (c.op === 'link' || c.op === 'find') {
      const r = run()
      assert.equal(r.href, c.expected.href)
      const href = c.expected.templated ? c.expected.href.split('{')[0] : c.expected.href
      assert.equal(r.url, native.urlResolve(BASE, null, href))
    } else {
      assert.equal(run(), c.expected)
    }
  })
}

// §2: each case as the file HALCHEMY_CONFIG names (the core reads it when an Api is made).
const SETTING_KEYS = {
  'halchemy.base_url': 'baseUrl',
  'halchemy.parameters_list_style': 'parametersListStyle',
  'halchemy.etag_field': 'etagField',
  'halchemy.timeout': 'timeout',
  'error_handling.raise_for_network_errors': 'raiseForNetworkErrors',
  'error_handling.raise_on_network_error': 'raiseForNetworkErrors',
  'error_handling.raise_for_status_codes': 'raiseForStatusCodes',
  'error_handling.raise_on_status_codes': 'raiseForStatusCodes'
}
const SNAKE = {
  base_url: 'baseUrl',
  parameters_list_style: 'parametersListStyle',
  etag_field: 'etagField',
  timeout: 'timeout',
  raise_for_network_errors: 'raiseForNetworkErrors',
  raise_for_status_codes: 'raiseForStatusCodes'
}
const BOOLEANS = { true: true, yes: true, on: true, 1: true, false: false, no: false, off: false, 0: false }

function settingsOf (api) {
  return {
    baseUrl: api.baseUrl,
    parametersListStyle: api.parametersListStyle,
    etagField: api.etagField,
    timeout: api.timeout,
    raiseForNetworkErrors: api.errorHandling.raiseForNetworkErrors,
    raiseForStatusCodes: api.errorHandling.raiseForStatusCodes
  }
}

function checkSettings (api, settings, headers) {
  const actual = settingsOf(api)
  for (const [name, value] of Object.entries(settings)) {
    if (name === 'raiseForStatusCodes' && !value) assert.ok(!actual[name], name)
    else assert.deepEqual(actual[name], value, name)
  }
  const sent = Object.entries(api.headers)
  for (const [name, value] of Object.entries(headers)) {
    const same = sent.filter(([n]) => n.toLowerCase() === name.toLowerCase())
    assert.equal(same.length, 1, name)
    assert.equal(same[0][1], value, name)
  }
}

function withConfig (text, fn) {
  const file = path.join(SCRATCH, 'vector.ini')
  fs.writeFileSync(file, text)
  process.env.HALCHEMY_CONFIG = file
  try { return fn(file) } finally { process.env.HALCHEMY_CONFIG = EMPTY_CONFIG }
}

const namesFileAndLine = (file, line) => (e) => e.message.includes(`${file}:${line}`) || e.message.includes(`${fs.realpathSync(file)}:${line}`)

for (const c of vectors('config.json')) {
  test(`§2 config: ${caseName(c)}`, () => {
    if ('bool' in c) {
      return withConfig(`[error_handling]\nraise_for_network_errors = ${c.bool}\n`, (file) => {
        if (c.error) assert.throws(() => new halchemy.Api(), (e) => isCoreError(c.error)(e) && namesFileAndLine(file, 2)(e))
        else assert.equal(new halchemy.Api().errorHandling.raiseForNetworkErrors, c.expected)
      })
    }
    withConfig(c.ini, (file) => {
      if (c.error) {
        assert.throws(() => new halchemy.Api(), (e) => isCoreError(c.error, c.message)(e) && namesFileAndLine(file, c.line)(e))
        return
      }
      if (c.settings) {
        const { headers = {}, ...rest } = c.settings
        const settings = Object.fromEntries(Object.entries(rest).map(([k, v]) => [SNAKE[k], v]))
        return checkSettings(new halchemy.Api(), settings, headers)
      }
      // Reader output: checked through the settings those entries make when applied.
      const settings = {}
      let headers = {}
      for (const [section, key, value] of c.expected) {
        if (section === 'headers') {
          headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== key.toLowerCase()))
          headers[key] = value
        } else if (SETTING_KEYS[`${section}.${key}`]) {
          const name = SETTING_KEYS[`${section}.${key}`]
          settings[name] = name === 'timeout' ? Number(value) : name === 'raiseForNetworkErrors' ? BOOLEANS[value.toLowerCase()] : value
        }
      }
      const empty = c.expected.filter(([s, k, v]) => s !== 'headers' && SETTING_KEYS[`${s}.${k}`] && v === '')
      let api
      try {
        api = new halchemy.Api()
      } catch (e) {
        // An empty setting the reader yields may be refused when applied, naming its line.
        assert.ok(empty.length > 0 && isCoreError('config')(e) && namesFileAndLine(file, empty[empty.length - 1][3])(e), e.stack)
        return
      }
      checkSettings(api, settings, headers)
    })
  })
}
