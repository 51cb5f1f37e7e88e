// resource.js: HAL resources as plain JS objects whose helpers live on a prototype and
// whose HTTP details sit in a non-enumerable `_halchemy`, so JSON.stringify shows only the
// resource. The HAL rules themselves are checked by the C core (native.halCheck, ...).
'use strict'

const native = require('./native')
const { HTTPError } = require('./errors')

// Response headers: an object with the names as received, looked up in any case.
function caseInsensitiveHeaders (flat) {
  const target = {}
  const lower = new Map()
  for (let i = 0; i < flat.length; i += 2) {
    target[flat[i]] = flat[i + 1]
    lower.set(flat[i].toLowerCase(), flat[i])
  }
  Object.defineProperty(target, 'get', {
    value: (name) => { const k = lower.get(String(name).toLowerCase()); return k === undefined ? undefined : target[k] },
    enumerable: false
  })
  return new Proxy(target, {
    get (t, prop, receiver) {
      if (typeof prop === 'string' && !(prop in t)) {
        const k = lower.get(prop.toLowerCase())
        if (k !== undefined) return t[k]
      }
      return Reflect.get(t, prop, receiver)
    },
    has (t, prop) {
      return typeof prop === 'string' ? (prop in t || lower.has(prop.toLowerCase())) : prop in t
    }
  })
}

// Symbol-keyed slots stay out of JSON.stringify and Object.keys and cost a plain store,
// where defineProperty on every response would not.
const PAIRS = Symbol('halchemy.headerPairs')
const HEADERS = Symbol('halchemy.headers')
// A resource's metadata lives beside it, so spreading or copying a resource copies fields only.
const METAS = new WeakMap()
const OWNER = Symbol('halchemy.resource')

// Headers of a request or response: `headers` is built on first use (most are never read).
class Message {
  get headers () {
    if (!this[HEADERS]) this[HEADERS] = caseInsensitiveHeaders(this[PAIRS])
    return this[HEADERS]
  }

  // One header by name in any case, without building `headers`.
  header (name) {
    const lower = name.toLowerCase()
    const flat = this[PAIRS]
    for (let i = 0; i < flat.length; i += 2) if (flat[i].toLowerCase() === lower) return flat[i + 1]
    return undefined
  }
}

class Request extends Message {
  constructor (method, url, headers, body) {
    super()
    this.method = method
    this.url = url
    this.body = body
    this[PAIRS] = headers
  }
}

class Response extends Message {
  constructor (status, reason, headers, body, url) {
    super()
    this.status = status
    this.reason = reason
    this.body = body
    this.url = url
    this[PAIRS] = headers
  }

  get statusCode () { return this.status }
  get status_code () { return this.status } // eslint-disable-line camelcase
}

class HalchemyMetadata {
  constructor (request, response, error, resource) {
    this.request = request
    this.response = response
    this.error = error
    this[OWNER] = resource
  }

  raiseForStatusCodes (settings = '>399') {
    const status = this.response.status
    if (native.statusMatches(settings, status)) {
      throw new HTTPError(`${this.request.method} ${this.request.url} returned ${status} ${this.response.reason}`,
        this[OWNER])
    }
  }
}

const hal = (resource) => JSON.stringify(resource)

class HalResource {
  get _halchemy () { return METAS.get(this) }
  set _halchemy (meta) { METAS.set(this, meta) }
  get links () { native.halCheck(hal(this)); return Object.keys(this._links) }
  hasRel (rel) { native.halCheck(hal(this)); return Object.prototype.hasOwnProperty.call(this._links, rel) }
  embeddedRels () { native.halCheck(hal(this)); return Object.keys(this._embedded || {}) }
  hasEmbedded (rel) {
    native.halCheck(hal(this))
    return Object.prototype.hasOwnProperty.call(this._embedded || {}, rel)
  }

  embedded (rel, expect) {
    if (expect && typeof expect === 'object') expect = expect.name // { name: 'one' }
    const found = native.halEmbedded(hal(this), rel, expect == null ? undefined : String(expect))
    const value = this._embedded[rel]
    return found === 'one' ? asResource(value) : value.map(asResource)
  }

  embeddedOne (rel) { return this.embedded(rel, 'one') }
  embeddedMany (rel) { return this.embedded(rel, 'many') }
  collection (field) {
    native.halCollection(hal(this), field)
    return this[field].map(asResource)
  }
}

// Makes obj a HAL resource in place (helpers come from the prototype, never enumerable).
function asResource (obj) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) obj = {}
  if (Object.getPrototypeOf(obj) !== HalResource.prototype) Object.setPrototypeOf(obj, HalResource.prototype)
  return obj
}

function attachMetadata (resource, meta) {
  METAS.set(resource, meta)
  return resource
}

const Multiplicity = Object.freeze({ ONE: 'one', MANY: 'many' })

module.exports = { HalResource, HalchemyMetadata, Request, Response, Multiplicity, asResource, attachMetadata }
