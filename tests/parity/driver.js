// The JavaScript half of the parity test (tests/parity/README.md): reads a JSON list of
// cases on stdin, runs each through the public JS API exactly as driver.py does through
// Python's, and writes the outcomes as a JSON list on stdout. Usage: node driver.js <base>
'use strict'
const halchemy = require('halchemy')

const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
const CLASSES = new Set(Object.keys(halchemy).filter((n) => n.endsWith('Error')).map((n) => halchemy[n]))

// Keys of objects the case hands to the API as settings or criteria are snake_case in the
// case and camelCase here; header names, template values and data stay as they are.
function camelKeys (obj) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return obj
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [camel(k), v]))
}

function describeError (e) {
  const out = { class: e instanceof halchemy.HalchemyError ? e.constructor.name : e.name }
  if (e.code !== undefined && typeof e.code === 'string' && !e.code.startsWith('ERR_')) {
    out.code = e.code
    out.message = e.message
  }
  return out
}

function chain (name) {
  const out = []
  for (let p = Object.getPrototypeOf(halchemy[name].prototype); p; p = Object.getPrototypeOf(p)) {
    if (CLASSES.has(p.constructor)) out.push(p.constructor.name)
  }
  return out
}

// A resource or value as plain JSON; a number JSON cannot write (1e400 read as Infinity) as
// {"$number": "Infinity"}, as driver.py writes it.
const plain = (v) => (v === undefined
  ? null
  : JSON.parse(JSON.stringify(v, (k, x) => (typeof x === 'number' && !Number.isFinite(x) ? { $number: String(x) } : x))))

function newApi (c, base) {
  const api = new halchemy.Api(c.base || base)
  if (c.style) api.parametersListStyle = c.style
  return api
}

function requester (api, c) {
  const r = api.usingEndpoint(c.href)
  if (c.values !== undefined && c.values !== null) r.withTemplateValues(c.values)
  if (c.params !== undefined && c.params !== null) r.withParameters(c.params)
  if (c.headers !== undefined && c.headers !== null) r.withHeaders(c.headers)
  return r
}

function response (resource) {
  const meta = resource._halchemy
  const lower = (h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]))
  const sent = lower(meta.request.headers)
  delete sent['user-agent']
  const got = lower(meta.response.headers)
  delete got.date
  delete got.server
  const body = meta.request.body
  return {
    status: meta.response.statusCode,
    reason: meta.response.reason,
    headers: got,
    body: plain(meta.response.body),
    resource: plain(resource),
    content: Buffer.from(meta.response.content || []).toString('base64'),
    sent: {
      method: meta.request.method,
      url: meta.request.url,
      headers: sent,
      body: body === null || body === undefined || typeof body === 'string' ? (body ?? null) : { b64: Buffer.from(body).toString('base64') }
    },
    error: meta.error ? describeError(meta.error) : null
  }
}

async function run (c, base) {
  switch (c.op) {
    case 'setting': {
      const api = new halchemy.Api(base)
      const target = c.group ? api.errorHandling : api
      const result = {}
      try {
        target[camel(c.name)] = camelKeys(c.value)
        result.set = true
      } catch (e) {
        result.set = describeError(e)
      }
      const name = c.get_name || c.name
      if (c.group && !c.get_name) return result // a member without a value to read back
      if (name.startsWith('raise_')) result.get = api.errorHandling[camel(name)]
      else if (name !== 'error_handling') result.get = api[camel(name)]
      return result
    }
    case 'option':
      return { api: new halchemy.Api(base, null, { [camel(c.name)]: camelKeys(c.value) }) !== null }
    case 'error_class':
      return chain(c.class)
    case 'url':
      return requester(newApi(c, base), c).url
    case 'follow':
      return newApi(c, base).follow(c.resource).to(c.rel, c.criteria || undefined).url
    case 'hal': {
      const r = halchemy.asResource(structuredClone(c.resource))
      const call = camel(c.call)
      if (call === 'links') return r.links
      if (call === 'embeddedRels') return r.embeddedRels()
      return plain(r[call](...(c.args || [])))
    }
    case 'request': {
      const api = new halchemy.Api(base)
      for (const [k, v] of Object.entries(c.settings || {})) api[camel(k)] = camelKeys(v)
      const r = requester(api, c)
      const method = (c.method || 'GET').toLowerCase()
      let resource
      if (['post', 'put', 'patch'].includes(method)) {
        let data = c.data === null ? undefined : c.data
        if (c.data_b64 !== undefined && c.data_b64 !== null) data = Buffer.from(c.data_b64, 'base64')
        if (c.json_null) data = null
        resource = await r[method](data, c.content_type || undefined)
      } else {
        resource = await r[method]()
      }
      return response(resource)
    }
  }
  throw new Error(`unknown parity op ${c.op}`)
}

async function main () {
  const base = process.argv[2]
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const out = []
  for (const c of cases) {
    try {
      out.push({ ok: await run(c, base) })
    } catch (e) {
      const entry = { error: describeError(e) }
      if (e.resource && e.resource._halchemy) entry.response = response(e.resource)
      out.push(entry)
    }
  }
  process.stdout.write(JSON.stringify(out))
}

main().catch((e) => { console.error(e); process.exit(1) })
