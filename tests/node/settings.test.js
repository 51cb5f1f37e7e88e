// SPEC §2 settings and SPEC §10 errors through the JS API, against the core's tables: every
// case of tests/vectors/settings.json as a property and as a constructor option (names in
// camelCase), the error classes of tests/vectors/errors.json, tests/vectors/defaults.json.
'use strict'
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const test = require('node:test')
const halchemy = require('halchemy')
const native = require('../../node/lib/native')
const { isCoreError, ROOT } = require('./helpers')

const load = (name) => JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'vectors', name), 'utf8'))
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
const camelKeys = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v)
  ? Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), x]))
  : v)

const SETTINGS = load('settings.json')
const KNOWN = new Set(SETTINGS.table.map((s) => s.name))
const OWN = new Set(SETTINGS.table.filter((s) => s.own_argument).map((s) => s.name))

function readBack (api, c) {
  const name = c.get_name || c.name
  return name.startsWith('raise_') ? api.errorHandling[camel(name)] : api[camel(name)]
}

function expectOutcome (c, run) {
  let api = new halchemy.Api('http://example.org')
  if (c.error) {
    const check = c.error === 'argument'
      ? (e) => e instanceof TypeError && (!c.message || e.message.includes(c.message.replace(/[a-z]+(_[a-z]+)+/g, camel)))
      : isCoreError(c.error, c.message)
    assert.throws(() => run(api), check)
  } else {
    api = run(api) || api
  }
  if ('get' in c) assert.deepEqual(readBack(api, c), c.get)
}

for (const c of SETTINGS.cases) {
  const label = `${c.group || ''}.${c.name}=${JSON.stringify(c.value)}`
  if (KNOWN.has(c.name)) {
    test(`§2 setting as a property: ${label}`, () => expectOutcome(c, (api) => {
      const target = c.group ? api.errorHandling : api
      target[camel(c.name)] = camelKeys(c.value)
    }))
  }
  if (!c.group && !OWN.has(c.name)) {
    test(`§2 setting as an option: ${label}`, () => expectOutcome(c, () =>
      new halchemy.Api('http://example.org', null, { [camel(c.name)]: camelKeys(c.value) })))
  }
}

test('§2 the base URL and the headers are arguments of their own, not options', () => {
  assert.throws(() => new halchemy.Api('http://a', null, { baseUrl: 'http://b' }), (e) => e instanceof TypeError && e.message === "unknown setting 'baseUrl'")
  assert.throws(() => new halchemy.Api('http://a', null, { headers: {} }), (e) => e instanceof TypeError && e.message === "unknown setting 'headers'")
  assert.throws(() => { new halchemy.Api('http://a').errorHandling.raiseOnNetwork = false }, (e) => e instanceof TypeError && e.message === "unknown errorHandling setting 'raiseOnNetwork'")
})

test('§2 §10 the tables are the core\'s', () => {
  const table = JSON.parse(native.settingsTable())
  assert.deepEqual(table.map((s) => s.name), SETTINGS.table.map((s) => camel(s.name)))
  assert.deepEqual(JSON.parse(native.errorsTable()), load('errors.json').table)
})

for (const kind of load('errors.json').table) {
  test(`§10 ${kind.code} raises ${kind.class}`, () => {
    const Cls = halchemy[kind.class] || globalThis[kind.class]
    assert.equal(typeof Cls, 'function')
    if (kind.parent) {
      assert.ok(Cls === halchemy[kind.parent] || Cls.prototype instanceof halchemy[kind.parent])
      assert.ok(Cls === halchemy.HalchemyError || Cls.prototype instanceof halchemy.HalchemyError)
    } else if (kind.class === 'TypeError') {
      assert.ok(!(Cls.prototype instanceof halchemy.HalchemyError))
    }
  })
}

test('§10 TimeoutError is a NetworkError; MultiplicityError a HalchemyError', () => {
  assert.ok(halchemy.TimeoutError.prototype instanceof halchemy.NetworkError)
  assert.ok(halchemy.MultiplicityError.prototype instanceof halchemy.HalchemyError)
})

test('§2 §6 the defaults', () => {
  const want = load('defaults.json')
  const api = new halchemy.Api()
  for (const [name, value] of Object.entries(want.settings)) {
    const got = name.startsWith('raise_') ? api.errorHandling[camel(name)] : api[camel(name)]
    assert.deepEqual(got, value, name)
  }
  assert.deepEqual(api.headers, want.headers)
  assert.deepEqual(Object.keys(api.headers), Object.keys(want.headers))
})
