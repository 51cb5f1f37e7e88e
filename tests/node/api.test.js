// SPEC §2 (the Api: settings, defaults, aliases, the .halchemy file and where it is found),
// §3 (requesters and URL resolution, over HTTP) and §6 (headers on the wire).
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const halchemy = require('halchemy')
const { DEFAULTS, useServers, isCoreError, SCRATCH, ROOT } = require('./helpers')

const servers = useServers()
const ACCEPT = 'application/hal+json, application/json;q=0.9, */*;q=0.8'

test('§2 defaults', () => {
  const api = new halchemy.Api()
  assert.equal(api.baseUrl, 'http://localhost:2112')
  assert.equal(api.parametersListStyle, 'repeat_key')
  assert.equal(api.etagField, '_etag')
  assert.equal(api.timeout, 30)
  assert.equal(api.maxBody, 64 * 1024 * 1024)
  assert.deepEqual(api.errorHandling.toJSON(), { raiseForNetworkErrors: true, raiseForStatusCodes: null })
  assert.deepEqual(api.headers, { 'Content-type': 'application/json', Accept: ACCEPT, Authorization: DEFAULTS.headers.Authorization })
})

test('§2 constructor: base URL and headers merged over the defaults; an empty base URL is an error', () => {
  const api = new halchemy.Api('http://example.org/api', { accept: 'text/plain', 'X-Team': 'blue' })
  assert.equal(api.baseUrl, 'http://example.org/api')
  assert.deepEqual(api.headers, { 'Content-type': 'application/json', accept: 'text/plain', Authorization: DEFAULTS.headers.Authorization, 'X-Team': 'blue' })
  assert.throws(() => new halchemy.Api(''), (e) => e instanceof Error && typeof e.code === 'string')
  assert.throws(() => new halchemy.Api(42), TypeError)
  assert.throws(() => new halchemy.Api('http://x', 'Accept: x'), TypeError)
  assert.throws(() => new halchemy.Api('http://x', { 'X-A': 'a\r\nB: c' }), isCoreError('header'))
})

test('§2 settings are properties; a refused value leaves the old one', () => {
  const api = new halchemy.Api('http://example.org')
  api.baseUrl = 'http://example.com/v2'
  assert.equal(api.usingEndpoint('/x').url, 'http://example.com/v2/x')
  assert.throws(() => { api.baseUrl = '' })
  assert.equal(api.baseUrl, 'http://example.com/v2')
  api.parametersListStyle = 'index'
  assert.throws(() => { api.parametersListStyle = 'semicolon' }, isCoreError('parameters', 'semicolon'))
  assert.equal(api.parametersListStyle, 'index')
  api.etagField = 'version'
  assert.equal(api.etagField, 'version')
  api.timeout = 2.5
  assert.equal(api.timeout, 2.5)
  api.timeout = 0
  assert.equal(api.timeout, 0)
  assert.throws(() => { api.timeout = -1 }, isCoreError('invalid', 'timeout'))
  assert.throws(() => { api.timeout = '10' }, TypeError)
  assert.equal(api.timeout, 0)
  api.maxBody = 1024
  assert.equal(api.maxBody, 1024)
})

test('§2 error handling: both spellings are one setting; a malformed spec is refused when set', () => {
  const api = new halchemy.Api('http://example.org')
  api.errorHandling.raiseOnNetworkError = false
  assert.equal(api.errorHandling.raiseForNetworkErrors, false)
  api.errorHandling.raiseForStatusCodes = '>499'
  assert.equal(api.errorHandling.raiseOnStatusCodes, '>499')
  api.errorHandling = { raiseOnStatusCodes: '400-403, >404', raiseForNetworkErrors: true }
  assert.deepEqual(api.errorHandling.toJSON(), { raiseForNetworkErrors: true, raiseForStatusCodes: '400-403, >404' })
  assert.throws(() => { api.errorHandling.raiseForStatusCodes = '>>4' }, isCoreError('status_spec', '>>4'))
  assert.equal(api.errorHandling.raiseForStatusCodes, '400-403, >404')
  assert.throws(() => { api.errorHandling = { raiseOnEverything: true } }, TypeError)
  api.errorHandling.raiseForStatusCodes = null
  assert.equal(api.errorHandling.raiseForStatusCodes, null)
})

test('§2 headers: replace, merge case-insensitively, remove (absent names ignored)', () => {
  const api = new halchemy.Api('http://example.org')
  api.addHeaders({ 'content-type': 'text/plain' })
  assert.deepEqual(Object.keys(api.headers), ['content-type', 'Accept', 'Authorization'])
  api.removeHeaders(['AUTHORIZATION', 'X-Absent'])
  assert.deepEqual(Object.keys(api.headers), ['content-type', 'Accept'])
  api.headers = { 'X-Only': '1' }
  assert.deepEqual(api.headers, { 'X-Only': '1' })
  const copy = api.headers
  copy['X-Other'] = '2'
  assert.deepEqual(api.headers, { 'X-Only': '1' }, 'the getter returns a copy')
  assert.throws(() => api.addHeaders({ 'X-A\n': '1' }), isCoreError('header'))
  assert.throws(() => { api.headers = { 'X-B': 'a\rb' } }, isCoreError('header'))
  assert.deepEqual(api.headers, { 'X-Only': '1' }, 'a refused change leaves the headers as they were')
})

// §2 configuration file: each case in a child process with its own cwd and HOME.
function runIn (cwd, home, code, env = {}) {
  const e = { ...process.env, HOME: home, ...env }
  delete e.HALCHEMY_CONFIG
  Object.assign(e, env)
  const r = spawnSync(process.execPath, ['-e', `const h = require(${JSON.stringify(ROOT)}); ${code}`], { cwd, env: e, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  return r.stdout.trim()
}

function project (name, files) {
  const dir = path.join(SCRATCH, name)
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    if (text !== null) fs.writeFileSync(path.join(dir, file), text)
  }
  return dir
}

test('§2 config: the project file, else the home file; HALCHEMY_CONFIG names one', () => {
  const home = project('home', { '.halchemy': '[halchemy]\netag_field = from_home\nbase_url = http://home.example\n' })
  const proj = project('proj', { '.git/HEAD': '', 'src/deep/x.txt': '', '.halchemy': '[halchemy]\nbase_url = http://project.example\n' })
  const bare = project('bare', { 'package.json': '{}', 'sub/x.txt': '' })
  assert.equal(runIn(path.join(proj, 'src', 'deep'), home, 'const a = new h.Api(); console.log(a.baseUrl, a.etagField)'),
    'http://project.example _etag', 'the project file wins and the home file is then ignored')
  assert.equal(runIn(path.join(bare, 'sub'), home, 'console.log(new h.Api().etagField)'), 'from_home')
  const named = project('named', { 'my.ini': '[halchemy]\netag_field = named\n' })
  assert.equal(runIn(proj, home, 'console.log(new h.Api().etagField)', { HALCHEMY_CONFIG: path.join(named, 'my.ini') }), 'named')
  assert.equal(runIn(proj, home, 'console.log(new h.Api("http://arg.example").baseUrl)'), 'http://arg.example', 'constructor arguments win over the file')
})

test('§2 config: a malformed file is a clear ConfigError naming file and line, not a crash', () => {
  const home = project('home2', {})
  const proj = project('bad', { '.git/HEAD': '', '.halchemy': '[halchemy]\ntimeout = soon\n' })
  const out = runIn(proj, home, 'try { new h.Api() } catch (e) { console.log(e.name, e.code, e instanceof Error, e.message) }')
  assert.match(out, /^ConfigError config true /)
  assert.match(out, /\.halchemy:2:/)
  assert.match(out, /soon/)
})

test('§2 config: file headers and error handling apply to requests', async () => {
  const file = path.join(SCRATCH, 'applied.ini')
  fs.writeFileSync(file, '[headers]\nX-From-File = yes\n[error_handling]\nraise_for_network_errors = False\nraise_for_status_codes = >=500\n')
  const before = process.env.HALCHEMY_CONFIG
  process.env.HALCHEMY_CONFIG = file
  let api
  try { api = new halchemy.Api(servers.base) } finally { process.env.HALCHEMY_CONFIG = before }
  assert.equal((await api.usingEndpoint('/echo').get()).headers['X-From-File'], 'yes')
  await assert.rejects(api.usingEndpoint('/status/503').get(), halchemy.HTTPError)
  assert.equal(api.errorHandling.raiseForNetworkErrors, false)
})

test('§3 home/root are read-only requesters for /; usingEndpoint is a full one', async () => {
  const api = new halchemy.Api(servers.base)
  for (const requester of [api.home, api.root]) {
    assert.equal(requester.url, servers.base + '/')
    assert.equal(typeof requester.post, 'undefined')
    assert.equal(typeof requester.delete, 'undefined')
    const home = await requester.get()
    assert.ok(home.hasRel('customers'))
    assert.equal((await requester.head())._halchemy.response.status, 200)
  }
  const r = api.usingEndpoint('/echo')
  for (const m of ['get', 'head', 'options', 'post', 'put', 'patch', 'delete']) assert.equal(typeof r[m], 'function', m)
  const options = await api.usingEndpoint('/echo').options()
  assert.equal(options._halchemy.request.method, 'OPTIONS')
  assert.match(options._halchemy.response.headers.allow, /PATCH/)
})

test('§3 URLs: relative to the base URL with one slash, absolute as is; base URL changes apply later', async () => {
  const api = new halchemy.Api(servers.base + '/echo/')
  assert.equal((await api.usingEndpoint('/a/b').get()).path, '/echo/a/b')
  api.baseUrl = servers.base + '/echo'
  assert.equal((await api.usingEndpoint('/c/').get()).path, '/echo/c/')
  assert.equal((await api.usingEndpoint(servers.base + '/echo/abs').get()).path, '/echo/abs')
})

test('§3 templates and parameters in a request; url shows what would be requested', async () => {
  const api = new halchemy.Api(servers.base)
  const r = api.usingEndpoint('/echo/{id}{?q}').withTemplateValues({ id: 'x y', q: 'a,b' }).withParameters({ page: 2, list: ['a', 'b'] })
  assert.equal(r.url, servers.base + '/echo/x%20y?q=a%2Cb&page=2&list=a&list=b')
  const echo = await r.get()
  assert.equal(echo.path, '/echo/x%20y')
  assert.equal(echo.query, 'q=a%2Cb&page=2&list=a&list=b')
  assert.equal(echo._halchemy.request.url, r.url)
  api.parametersListStyle = 'bracket'
  assert.equal((await api.usingEndpoint('/echo').withParameters({ l: [1, 2] }).get()).query, 'l[]=1&l[]=2')
  assert.throws(() => api.usingEndpoint('/echo').withParameters('a=b'), TypeError)
  assert.throws(() => api.usingEndpoint('/echo').withTemplateValues([1]), TypeError)
})

test('§3 follow(resource).to(rel): a missing rel fails at once, naming it', async () => {
  const api = new halchemy.Api(servers.base)
  const home = await api.home.get()
  assert.throws(() => api.follow(home).to('nope'), (e) => e instanceof Error && e.code === 'no_rel' && e.message.includes('nope'))
  assert.throws(() => api.follow({}).to('self'), (e) => e instanceof Error && e.message.includes('self'))
  assert.throws(() => api.follow(null), TypeError)
  const customers = await api.follow(home).to('customers').get()
  assert.equal(customers._halchemy.request.url, servers.base + '/customers')
})

test('§6 headers on the wire: defaults, per-request for this request only, any case replaces', async () => {
  const api = new halchemy.Api(servers.base, { 'x-team': 'blue' })
  const echo = await api.usingEndpoint('/echo').withHeaders({ accept: 'text/csv', 'User-Agent': 'mine/1', Connection: 'close' }).get()
  assert.equal(echo.headers['x-team'], 'blue')
  assert.equal(echo.headers.accept, 'text/csv')
  assert.equal(echo.headers.Accept, undefined, 'one Accept, in the new spelling')
  assert.equal(echo.headers['User-Agent'], 'mine/1')
  assert.equal(echo.headers.Connection, 'close', 'a header the library would add itself can be overridden')
  assert.equal(echo.headers.Authorization, DEFAULTS.headers.Authorization)
  assert.equal(echo.headers['Content-type'], 'application/json')
  const again = await api.usingEndpoint('/echo').get()
  assert.equal(again.headers.Accept, ACCEPT, 'per-request headers are gone on the next request')
  api.removeHeaders('authorization')
  assert.equal((await api.usingEndpoint('/echo').get()).headers.Authorization, undefined)
  const nulled = await api.usingEndpoint('/echo').withHeaders({ Accept: null, 'X-Num': 5 }).get()
  assert.equal(nulled.headers.Accept, undefined, 'null removes a header for this request: not sent at all')
  assert.equal(nulled.headers['X-Num'], '5')
})

test('§6 a CR/LF header is refused and nothing is sent; the Api keeps working', async () => {
  const api = new halchemy.Api(servers.base)
  await assert.rejects(api.usingEndpoint('/echo').withHeaders({ 'X-A': '1\r\nX-Injected: 1' }).get(), isCoreError('header'))
  await assert.rejects(api.usingEndpoint('/echo').withHeaders({ 'X-A\nB': '1' }).post({}), isCoreError('header'))
  const echo = await api.usingEndpoint('/echo').get()
  assert.equal(echo.headers['X-Injected'], undefined)
  assert.equal(echo.headers['X-A'], undefined)
})
