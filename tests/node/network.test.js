// SPEC §13 network settings in Node, against real servers: tests/server/tls_server.py (HTTPS
// with a throwaway PKI from make_certs.sh), tests/server/proxy.py (a forward proxy that logs
// what it saw) and tests/server/server.py (cookies, slow replies, redirects).
'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const { getEventListeners } = require('node:events')
const fs = require('node:fs')
const path = require('node:path')
const util = require('node:util')
const halchemy = require('halchemy')
const { ROOT, SCRATCH, EMPTY_CONFIG, startScript, useServers } = require('./helpers')

const { Api, AbortError, HalchemyError, NetworkError, TimeoutError, SchemeError, InvalidValueError } = halchemy

// The proxy environment of the machine running the tests must not decide a result.
const PROXY_ENV = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY', 'SSL_CERT_FILE']
for (const name of PROXY_ENV) delete process.env[name]

const servers = useServers()
const CERTS = path.join(SCRATCH, 'certs')
const PROXY_LOG = path.join(SCRATCH, 'proxy.log')
const pem = (name) => path.join(CERTS, name)
let tls, proxy

test.before(async () => {
  const made = spawnSync('sh', [path.join(ROOT, 'tests', 'server', 'make_certs.sh'), CERTS], { encoding: 'utf8' })
  assert.equal(made.status, 0, made.stderr)
  fs.writeFileSync(PROXY_LOG, '')
  ;[tls, proxy] = await Promise.all([
    startScript(path.join(ROOT, 'tests', 'server', 'tls_server.py'), ['--cert', pem('server.pem'), '--key', pem('server.key'), '--ca', pem('ca.pem'), '--port', '0']),
    startScript(path.join(ROOT, 'tests', 'server', 'proxy.py'), ['--log', PROXY_LOG, '--port', '0'])
  ])
})
test.after(() => { tls && tls.stop(); proxy && proxy.stop() })

// The proxy's log lines written since `mark` (a length of the log returned by proxyMark).
const proxyMark = () => fs.statSync(PROXY_LOG).size
const proxyLines = (mark) => fs.readFileSync(PROXY_LOG, 'utf8').slice(mark).split('\n').filter(Boolean).map((l) => JSON.parse(l))
const hostPort = (url) => new URL(url).host

// Restores the environment variables a test changed.
function withEnv (vars, fn) {
  const saved = {}
  for (const name of Object.keys(vars)) {
    saved[name] = process.env[name]
    if (vars[name] === undefined) delete process.env[name]
    else process.env[name] = vars[name]
  }
  const restore = () => {
    for (const [name, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[name]
      else process.env[name] = v
    }
  }
  let out
  try { out = fn() } catch (e) { restore(); throw e }
  return Promise.resolve(out).finally(restore)
}

// Warnings emitted by process.emitWarning with halchemy's verify=false code, while fn runs.
async function verifyWarnings (fn) {
  const seen = []
  const listener = (w) => { if (w.code === 'HALCHEMY_VERIFY_OFF') seen.push(w.message) }
  process.on('warning', listener)
  try {
    await fn()
    await new Promise((resolve) => setImmediate(resolve)) // warnings are emitted on nextTick
  } finally {
    process.off('warning', listener)
  }
  return seen
}

// ---- settings -------------------------------------------------------------------------

test('the network settings are options and properties, checked by the core', () => {
  const api = new Api(servers.base, null, { caBundle: pem('ca.pem'), clientCert: pem('client.pem'), clientKey: pem('client.key'), verify: false, proxy: 'http://u:p@127.0.0.1:1', cookies: false })
  assert.equal(api.caBundle, pem('ca.pem'))
  assert.equal(api.clientCert, pem('client.pem'))
  assert.equal(api.clientKey, pem('client.key'))
  assert.equal(api.verify, false)
  assert.equal(api.proxy, 'http://u:p@127.0.0.1:1')
  assert.equal(api.cookies, false)
  api.caBundle = null
  api.proxy = null
  api.verify = true
  api.cookies = true
  assert.deepEqual([api.caBundle, api.proxy, api.verify, api.cookies], [null, null, true, true])
  const fresh = new Api(servers.base)
  assert.deepEqual([fresh.caBundle, fresh.clientCert, fresh.clientKey, fresh.verify, fresh.proxy, fresh.cookies],
    [null, null, null, true, null, true])
  assert.throws(() => { api.caBundle = path.join(SCRATCH, 'no-such.pem') }, (e) => e instanceof InvalidValueError && e.message.includes('no-such.pem'))
  assert.throws(() => { api.proxy = 'ftp://127.0.0.1:21' }, SchemeError)
  assert.throws(() => { api.verify = 'no' }, TypeError)
  assert.throws(() => new Api(servers.base, null, { cookieJar: [] }), TypeError)
})

test('.halchemy keys reach the network settings through the core', () => {
  const file = path.join(SCRATCH, 'network.ini')
  fs.writeFileSync(file, `[halchemy]\nca_bundle = ${pem('ca.pem')}\nverify = off\nproxy = http://127.0.0.1:3128\ncookies = no\n`)
  process.env.HALCHEMY_CONFIG = file
  try {
    const api = new Api()
    assert.deepEqual([api.caBundle, api.verify, api.proxy, api.cookies], [pem('ca.pem'), false, 'http://127.0.0.1:3128', false])
  } finally {
    process.env.HALCHEMY_CONFIG = EMPTY_CONFIG
  }
})

// ---- TLS ------------------------------------------------------------------------------

test('TLS: refused without the CA, accepted with caBundle, with SSL_CERT_FILE, and localhost', async () => {
  await assert.rejects(new Api(tls.base).home.get(), (e) => e instanceof NetworkError && e.code === 'network')
  const r = await new Api(tls.base, null, { caBundle: pem('ca.pem') }).home.get()
  assert.equal(r._halchemy.response.status, 200)
  assert.equal(r.client_cert, null)
  const api = new Api(tls.base)
  api.caBundle = pem('ca.pem')
  assert.equal((await api.usingEndpoint(`https://localhost:${new URL(tls.base).port}/`).get()).path, '/')
  await withEnv({ SSL_CERT_FILE: pem('ca.pem') }, async () => {
    assert.equal((await new Api(tls.base).home.get())._halchemy.response.status, 200)
  })
  await withEnv({ SSL_CERT_FILE: pem('other-ca.pem') }, async () => {
    await assert.rejects(new Api(tls.base).home.get(), NetworkError)
    // caBundle wins over SSL_CERT_FILE
    assert.equal((await new Api(tls.base, null, { caBundle: pem('ca.pem') }).home.get())._halchemy.response.status, 200)
  })
})

test('TLS: a client certificate is presented', async () => {
  const without = new Api(tls.base, null, { caBundle: pem('ca.pem') })
  assert.equal((await without.usingEndpoint('/client-cert').get())._halchemy.response.status, 403)
  const api = new Api(tls.base, null, { caBundle: pem('ca.pem'), clientCert: pem('client.pem'), clientKey: pem('client.key') })
  const r = await api.usingEndpoint('/client-cert').get()
  assert.equal(r._halchemy.response.status, 200)
  assert.equal(r.client_cert, 'halchemy-client')
  // a key without its certificate fails each request, nothing sent
  const keyOnly = new Api(tls.base, null, { caBundle: pem('ca.pem'), clientKey: pem('client.key') })
  await assert.rejects(keyOnly.home.get(), InvalidValueError)
})

test('TLS: verify false works and warns once per Api, with the core text', async () => {
  const seen = await verifyWarnings(async () => {
    const api = new Api(tls.base, null, { verify: false })
    assert.equal((await api.home.get())._halchemy.response.status, 200)
    await api.home.get()
    await Promise.all([api.home.get(), api.home.get()])
  })
  assert.equal(seen.length, 1, seen.join('\n'))
  assert.match(seen[0], /verif/i)
  const again = await verifyWarnings(async () => {
    const a = new Api(tls.base)
    a.verify = false
    await a.home.get()
    await new Api(tls.base, null, { caBundle: pem('ca.pem') }).home.get() // verify on: no warning
  })
  assert.equal(again.length, 1, 'a second Api warns once too')
})

// ---- proxy ----------------------------------------------------------------------------

test('proxy: by option (http, and https through CONNECT), credentials only at the proxy', async () => {
  let mark = proxyMark()
  const api = new Api(servers.base, { Authorization: 'Bearer origin-token' }, { proxy: proxy.base })
  const r = await api.usingEndpoint('/echo/via').get()
  assert.equal(r.path, '/echo/via')
  let lines = proxyLines(mark)
  assert.equal(lines.length, 1)
  assert.equal(lines[0].line, `GET ${servers.base}/echo/via HTTP/1.1`)
  assert.equal(lines[0].proxy_authorization, null)

  mark = proxyMark()
  const withCreds = `http://alice:s3cret@${hostPort(proxy.base)}`
  const secure = new Api(tls.base, null, { proxy: withCreds, caBundle: pem('ca.pem') })
  const t = await secure.usingEndpoint('/through').get()
  assert.equal(t.path, '/through')
  lines = proxyLines(mark)
  assert.equal(lines[0].line, `CONNECT ${hostPort(tls.base)} HTTP/1.1`)
  assert.equal(lines[0].proxy_authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`)
  assert.ok(!Object.keys(t.headers).some((n) => n.toLowerCase() === 'proxy-authorization'), 'the origin never sees the proxy credentials')

  mark = proxyMark()
  const plain = new Api(servers.base, null, { proxy: withCreds })
  const e = await plain.usingEndpoint('/echo/creds').get()
  assert.ok(!Object.keys(e.headers).some((n) => n.toLowerCase() === 'proxy-authorization'))
  assert.ok(proxyLines(mark)[0].proxy_authorization.startsWith('Basic '))
})

test('proxy: from the environment (http_proxy, https_proxy), never HTTP_PROXY; no_proxy bypasses', async () => {
  let mark = proxyMark()
  await withEnv({ http_proxy: proxy.base }, async () => {
    assert.equal((await new Api(servers.base).usingEndpoint('/echo/env').get()).path, '/echo/env')
  })
  assert.deepEqual(proxyLines(mark).map((l) => l.line), [`GET ${servers.base}/echo/env HTTP/1.1`])

  mark = proxyMark()
  await withEnv({ HTTP_PROXY: proxy.base }, async () => {
    await new Api(servers.base).usingEndpoint('/echo/upper').get()
  })
  assert.deepEqual(proxyLines(mark), [], 'upper-case HTTP_PROXY is ignored')

  mark = proxyMark()
  await withEnv({ https_proxy: proxy.base }, async () => {
    await new Api(tls.base, null, { caBundle: pem('ca.pem') }).home.get()
  })
  assert.deepEqual(proxyLines(mark).map((l) => l.line), [`CONNECT ${hostPort(tls.base)} HTTP/1.1`])

  mark = proxyMark()
  await withEnv({ no_proxy: '127.0.0.1', http_proxy: proxy.base }, async () => {
    await new Api(servers.base).usingEndpoint('/echo/direct').get()
    await new Api(servers.base, null, { proxy: proxy.base }).usingEndpoint('/echo/direct').get()
  })
  assert.deepEqual(proxyLines(mark), [], 'no_proxy applies to the environment and to the setting')
})

// ---- cookies --------------------------------------------------------------------------

test('cookies: sent back to the same origin only; the jar lists them; clearCookies empties it', async () => {
  const api = new Api(servers.base)
  assert.deepEqual(api.cookieJar, [])
  await api.usingEndpoint('/cookies/set').withParameters({ a: '1', b: 'two' }).get()
  assert.equal((await api.usingEndpoint('/cookies').get()).cookie.split('; ').sort().join('; '), 'a=1; b=two')
  const port = new URL(servers.base).port
  const other = await api.usingEndpoint(`http://localhost:${port}/cookies`).get()
  assert.equal(other.cookie, null, 'localhost is another host than 127.0.0.1')
  // RFC 6265 §8.5: cookies do not isolate by port: another port of the same host gets them
  assert.equal((await api.usingEndpoint(`${servers.other}/cookies`).get()).cookie.split('; ').sort().join('; '), 'a=1; b=two')
  await api.usingEndpoint('/cookies/set').withParameters({ lasting: 'yes', max_age: '3600' }).get()
  const jar = api.cookieJar
  const byName = Object.fromEntries(jar.map((c) => [c.name, c]))
  assert.deepEqual(Object.keys(byName).sort(), ['a', 'b', 'lasting'])
  assert.deepEqual(byName.a, { name: 'a', value: '1', domain: '127.0.0.1', path: '/', expires: null, secure: false })
  const now = Date.now() / 1000
  assert.ok(byName.lasting.expires > now + 3500 && byName.lasting.expires < now + 3700, String(byName.lasting.expires))
  assert.notEqual(api.cookieJar, jar, 'a fresh copy each time')
  api.clearCookies()
  assert.deepEqual(api.cookieJar, [])
  assert.equal((await api.usingEndpoint('/cookies').get()).cookie, null)
  assert.deepEqual(new Api(servers.base).cookieJar, [], 'one jar per Api')
})

test('cookies: false keeps none and sends none', async () => {
  const api = new Api(servers.base, null, { cookies: false })
  await api.usingEndpoint('/cookies/set').withParameters({ a: '1' }).get()
  assert.deepEqual(api.cookieJar, [])
  assert.equal((await api.usingEndpoint('/cookies').get()).cookie, null)
  api.cookies = true
  await api.usingEndpoint('/cookies/set').withParameters({ a: '1' }).get()
  assert.equal((await api.usingEndpoint('/cookies').get()).cookie, 'a=1')
})

// ---- withSignal, withTimeout ----------------------------------------------------------

test('withSignal: aborting a running request rejects within 50 ms with AbortError; the Api works on', async (t) => {
  const api = new Api(servers.base)
  const controller = new AbortController()
  const pending = api.usingEndpoint('/slow/30').withSignal(controller.signal).get()
  await new Promise((resolve) => setTimeout(resolve, 200)) // the request is out, the server sleeps
  let abortedAt = 0
  const settled = pending.then(() => assert.fail('resolved'), (e) => ({ e, ms: performance.now() - abortedAt }))
  abortedAt = performance.now()
  controller.abort()
  const { e, ms } = await settled
  assert.equal(e.name, 'AbortError')
  assert.ok(e instanceof AbortError && e instanceof HalchemyError && !(e instanceof NetworkError))
  assert.equal(e.code, 'aborted')
  assert.equal(e.cause, controller.signal.reason)
  assert.ok(ms < 50, `rejected ${ms.toFixed(1)} ms after abort()`)
  t.diagnostic(`abort latency: ${ms.toFixed(2)} ms`)
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0)
  const next = await api.home.get()
  assert.equal(next._halchemy.response.status, 200)
})

test('withSignal: an already aborted signal rejects at once and sends nothing', async () => {
  const api = new Api(servers.base, null, { proxy: proxy.base })
  const mark = proxyMark()
  const reason = new Error('changed my mind')
  const start = performance.now()
  await assert.rejects(api.usingEndpoint('/echo/never').withSignal(AbortSignal.abort(reason)).get(),
    (e) => e.name === 'AbortError' && e.cause === reason)
  assert.ok(performance.now() - start < 50)
  await new Promise((resolve) => setTimeout(resolve, 50))
  assert.deepEqual(proxyLines(mark), [], 'nothing was sent')
  assert.throws(() => api.home.withSignal({}), TypeError)
  assert.throws(() => api.home.withSignal('abort'), TypeError)
})

test('withSignal: many aborted at once, abort after the response, one signal over 1,000 requests', async () => {
  const api = new Api(servers.base)
  const controller = new AbortController()
  const slow = Array.from({ length: 20 }, () => api.usingEndpoint('/slow/30').withSignal(controller.signal).get())
  await new Promise((resolve) => setTimeout(resolve, 200))
  controller.abort()
  const results = await Promise.allSettled(slow)
  assert.ok(results.every((r) => r.status === 'rejected' && r.reason.name === 'AbortError'))

  // aborting after the request settled changes nothing
  const late = new AbortController()
  const r = await api.home.withSignal(late.signal).get()
  late.abort()
  assert.equal(r._halchemy.response.status, 200)

  const long = new AbortController()
  for (let batch = 0; batch < 20; batch++) {
    await Promise.all(Array.from({ length: 50 }, () => api.home.withSignal(long.signal).get()))
  }
  assert.equal(getEventListeners(long.signal, 'abort').length, 0, 'no listener left behind')
  // a request that failed to start (bad template) leaves none either
  await assert.rejects(api.usingEndpoint('/x/{unclosed').withSignal(long.signal).get())
  assert.equal(getEventListeners(long.signal, 'abort').length, 0)
})

test('withTimeout: overrides the Api timeout both ways', async () => {
  const api = new Api(servers.base, null, { timeout: 30 })
  const start = performance.now()
  await assert.rejects(api.usingEndpoint('/slow/30').withTimeout(0.2).get(), (e) => e instanceof TimeoutError && e.code === 'timeout')
  const ms = performance.now() - start
  assert.ok(ms >= 150 && ms < 2000, `${ms.toFixed(0)} ms`)
  api.timeout = 0.2
  assert.equal((await api.usingEndpoint('/slow/0.5').withTimeout(5).get())._halchemy.response.status, 200)
  // null is "no timeout", as `api.timeout = null` is; undefined is the Api's again
  assert.equal((await api.usingEndpoint('/slow/0.5').withTimeout(null).get())._halchemy.response.status, 200)
  await assert.rejects(api.usingEndpoint('/slow/0.5').withTimeout(5).withTimeout(undefined).get(), TimeoutError)
  await assert.rejects(api.usingEndpoint('/slow/0.5').get(), TimeoutError)
  for (const bad of [NaN, Infinity, -1, -0.001]) {
    await assert.rejects(api.home.withTimeout(bad).get(), (e) => e instanceof InvalidValueError && /timeout must be a finite number of seconds >= 0/.test(e.message), String(bad))
  }
  assert.throws(() => api.home.withTimeout('1'), TypeError)
})

// ---- close ----------------------------------------------------------------------------

test('close(): synchronous; a request afterwards rejects with code closed; the jar still works', async () => {
  const api = new Api(servers.base)
  await api.usingEndpoint('/cookies/set').withParameters({ kept: '1' }).get()
  assert.equal(api.closed, false)
  api.close()
  api.close()
  assert.equal(api.closed, true)
  await assert.rejects(api.home.get(), (e) => e instanceof HalchemyError && e.code === 'closed')
  assert.equal(api.cookieJar.length, 1)
  assert.equal(api.baseUrl, servers.base)
  assert.equal((await new Api(servers.base).home.get())._halchemy.response.status, 200, 'other Apis work on')
})

test('close(): the connections are closed and a closed Api does not keep the process alive', () => {
  const script = `
    const fs = require('node:fs')
    const sockets = () => fs.readdirSync('/proc/self/fd').filter((f) => {
      try { return fs.readlinkSync('/proc/self/fd/' + f).startsWith('socket:') } catch { return false }
    }).length
    const { Api } = require(${JSON.stringify(ROOT)})
    const api = new Api(${JSON.stringify(servers.base)})
    const before = sockets()
    Promise.all([api.home.get(), api.home.get(), api.home.get()]).then(() => {
      const open = sockets()
      api.close()
      console.log(JSON.stringify({ before, open, closed: sockets() }))
    })`
  const start = Date.now()
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10000, env: { ...process.env } })
  assert.equal(r.status, 0, r.stderr)
  assert.ok(Date.now() - start < 5000, 'the process exited by itself')
  const counts = JSON.parse(r.stdout)
  assert.ok(counts.open > counts.before, JSON.stringify(counts))
  assert.ok(counts.closed <= counts.before, `kept-alive connections closed: ${JSON.stringify(counts)}`)
})

// ---- history, tracing, inspection -----------------------------------------------------

test('_halchemy.history: the redirect hops, oldest first; [] without', async () => {
  const api = new Api(servers.base)
  const second = `/redirect?to=${encodeURIComponent('/echo/end')}&code=301`
  const r = await api.usingEndpoint('/redirect').withParameters({ to: second }).get()
  assert.equal(r._halchemy.response.status, 200)
  assert.equal(r.path, '/echo/end')
  const h = r._halchemy.history
  assert.equal(h.length, 2)
  assert.deepEqual(h[0], { method: 'GET', url: `${servers.base}/redirect?to=${encodeURIComponent(second)}`, status: 302, statusCode: 302, status_code: 302, reason: 'Found' })
  assert.deepEqual(h[1], { method: 'GET', url: `${servers.base}${second}`, status: 301, statusCode: 301, status_code: 301, reason: 'Moved Permanently' })
  assert.equal(r._halchemy.history, h, 'read once')
  assert.deepEqual((await api.home.get())._halchemy.history, [])
})

function runTraced (env) {
  const script = `
    const { Api } = require(${JSON.stringify(ROOT)})
    const base = ${JSON.stringify(servers.base)}
    const api = new Api(base, { Authorization: 'Bearer TOPSECRET' })
    const u = new URL(base)
    ;(async () => {
      await api.usingEndpoint('/redirect').withParameters({ to: '/echo/traced' }).withHeaders({ Cookie: 'sid=COOKIESECRET' }).get()
      await api.usingEndpoint(u.protocol + '//user:PASSWORDSECRET@' + u.host + '/echo/userinfo').get()
      await api.usingEndpoint('/slow/5').withTimeout(0.1).get().catch(() => {})
    })()`
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10000, env: { ...process.env, ...env } })
}

test('NODE_DEBUG=halchemy: one line per exchange, redirect hops included, no credential', () => {
  const r = runTraced({ NODE_DEBUG: 'halchemy' })
  assert.equal(r.status, 0, r.stderr)
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('HALCHEMY '))
  const text = lines.map((l) => l.replace(/^HALCHEMY \d+: /, ''))
  assert.equal(text.length, 4, r.stderr)
  assert.match(text[0], new RegExp(`^GET ${servers.base}/redirect\\?to=%2Fecho%2Ftraced -> 302 Found \\(\\d+ ms\\)$`))
  assert.match(text[1], new RegExp(`^GET ${servers.base}/echo/traced -> 200 OK \\(\\d+ ms\\)$`))
  assert.match(text[2], /^GET http:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/echo\/userinfo -> 200 OK \(\d+ ms\)$/)
  assert.match(text[3], /^GET .*\/slow\/5 -> no response: .* \(\d+ ms\)$/)
  for (const secret of ['TOPSECRET', 'COOKIESECRET', 'PASSWORDSECRET']) assert.ok(!r.stderr.includes(secret), secret)
  const quiet = runTraced({ NODE_DEBUG: '' })
  assert.equal(quiet.status, 0, quiet.stderr)
  assert.equal(quiet.stderr, '')
})

test('util.inspect: useful summaries, no internal symbols, no credential value', async () => {
  const api = new Api(servers.base, { Authorization: 'Bearer TOPSECRET' }, { proxy: 'http://bob:PROXYSECRET@127.0.0.1:1' })
  const shownApi = util.inspect(api)
  assert.match(shownApi, /^Api \{/)
  assert.ok(shownApi.includes(servers.base))
  assert.ok(shownApi.includes('http://bob:***@127.0.0.1:1'), shownApi)
  assert.ok(shownApi.includes('[redacted]'))
  api.proxy = null
  const requester = api.usingEndpoint('/status/200').withHeaders({ Cookie: 'sid=COOKIESECRET', 'X-Plain': 'visible' }).withTimeout(3)
  const shownRequester = util.inspect(requester)
  assert.ok(shownRequester.includes('/status/200') && shownRequester.includes('visible'), shownRequester)
  const r = await requester.get()
  const meta = r._halchemy
  const shown = [util.inspect(meta), util.inspect(meta.request), util.inspect(meta.response),
    util.inspect(meta, { depth: Infinity }), util.inspect(r)].join('\n')
  assert.ok(util.inspect(meta).includes("method: 'GET'"))
  // a response's Set-Cookie is the next request's Cookie: hidden alike, still readable
  const setMeta = (await api.usingEndpoint('/cookies/set?sid=JARSECRET').get())._halchemy
  assert.equal(setMeta.response.headers['set-cookie'], 'sid=JARSECRET; Path=/')
  assert.ok(util.inspect(setMeta.response).includes('[redacted]'))
  for (const text of [util.inspect(setMeta), util.inspect(setMeta.response)]) assert.ok(!text.includes('JARSECRET; Path'), text) // (the URL has the query)
  assert.ok(util.inspect(meta).includes('status: 200'))
  assert.ok(util.inspect(meta.request).includes(`${servers.base}/status/200`))
  assert.ok(util.inspect(meta.request).includes("'X-Plain': 'visible'"))
  assert.ok(util.inspect(meta.response).includes("'Content-Type': 'application/hal+json'"))
  assert.match(util.inspect(meta.request), /^HalchemyRequest \{/)
  assert.match(util.inspect(meta.response), /^HalchemyResponse \{/)
  assert.doesNotMatch(shown, /Symbol\(/)
  for (const secret of ['TOPSECRET', 'COOKIESECRET', 'PROXYSECRET']) {
    assert.ok(!shown.includes(secret) && !shownApi.includes(secret) && !shownRequester.includes(secret), secret)
  }
  assert.ok(util.inspect(r).startsWith('{'), 'a resource prints as the plain object it is')
  assert.ok(!util.inspect(r).includes('_halchemy'))
})
