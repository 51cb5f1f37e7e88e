// resource.js: HAL resources as plain JS objects (SPEC §9, §11). The helpers and `_halchemy`
// are own non-enumerable properties, so JSON.stringify, Object.keys and spreading show the
// resource's fields only; the HAL rules themselves are checked by the C core (native.hal*).
'use strict'

const util = require('node:util')
const native = require('./native')
const { HTTPError } = require('./errors')
const { stringify } = require('./json')
const { caseInsensitiveHeaders, headerFrom } = require('./headers')

const hasOwn = (obj, name) => Object.prototype.hasOwnProperty.call(obj, name)
const isField = Object.prototype.propertyIsEnumerable // own and enumerable: a resource's data

// Headers come from native code as one "name\0value\0..." string (or, built by hand, a flat
// [name, value, ...] list); the case-insensitive object is made the first time a program
// reads `headers` (most never do).
const FLAT = Symbol('halchemy.rawHeaders')
const BUILT = Symbol('halchemy.headers')
const OWNER = Symbol('halchemy.resource')
const ETAG = Symbol('halchemy.etag')
const RAW = Symbol('halchemy.rawBody')
const BYTES = Symbol('halchemy.bodyBytes')
const HISTORY = Symbol('halchemy.history')

// SPEC §13 redaction for util.inspect / console.log: header values through the core's
// hc_header_shown (credential headers as "[redacted]"), URLs through hc_url_redacted (a
// password as ***). Never a hot path: only inspect calls these.
function shownHeaders (headers) {
  const out = {}
  for (const name of Object.keys(headers)) out[name] = native.headerShown(name, String(headers[name]))
  return out
}
const redactedUrl = (url) => (typeof url === 'string' ? native.urlRedacted(url) : url)

// `Name { ...summary }` as util.inspect prints objects, nested values one level deeper.
function inspectAs (name, summary, depth, options, inspect = util.inspect) {
  if (depth < 0) return options.stylize(`[${name}]`, 'special')
  // The summary stands in for the object itself: the same depth left, not one less.
  return `${name} ${inspect(summary, { ...options, depth })}`
}

// The body text a response came with (undefined for one built by hand): the core reads the
// etag field's exact digits from it (SPEC §8).
function rawBodyOf (response) { return response[BYTES] || response[RAW] }

// The ETag header a response came with (undefined when none), as follow() needs it.
function etagOf (response) {
  const etag = response[ETAG]
  if (etag !== undefined) return etag === null ? undefined : etag
  return headerFrom(response[FLAT] || [], 'ETag')
}

class Message {
  get headers () {
    if (this[BUILT] === undefined) this[BUILT] = caseInsensitiveHeaders(this[FLAT])
    return this[BUILT]
  }

  // One header by name, in any case, without building `headers`.
  header (name) { return headerFrom(this[FLAT], String(name)) }

  // What util.inspect and console.log show: no internal symbols, no credential value.
  [util.inspect.custom] (depth, options, inspect) {
    return inspectAs(this.constructor.name, this._summary(), depth, options, inspect)
  }
}

class HalchemyRequest extends Message {
  constructor (method, url, rawHeaders, body) {
    super()
    this.method = method
    this.url = url
    this.body = body
    this[FLAT] = rawHeaders
    this[BUILT] = undefined
  }

  _summary () {
    return { method: this.method, url: redactedUrl(this.url), headers: shownHeaders(this.headers), body: this.body }
  }
}


class HalchemyResponse extends Message {
  constructor (status, reason, rawHeaders, body, url, etag, text, bytes = null) {
    super()
    this.status = status
    this.reason = reason
    this.body = body
    this.url = url
    this[FLAT] = rawHeaders
    this[BUILT] = undefined
    this[ETAG] = etag // from native code; undefined: look it up in the headers
    this[RAW] = text
    this[BYTES] = bytes // only when the text does not give the bytes back (not UTF-8)
  }

  // SPEC §9: the body exactly as received (after content decoding), a Buffer of its own.
  get content () {
    if (this[BYTES]) return Buffer.from(this[BYTES])
    return this[RAW] === undefined ? Buffer.alloc(0) : Buffer.from(this[RAW], 'utf8')
  }

  // The published examples use all three spellings.
  get statusCode () { return this.status }
  get status_code () { return this.status } // eslint-disable-line camelcase

  _summary () {
    return { status: this.status, reason: this.reason, url: redactedUrl(this.url), headers: shownHeaders(this.headers), body: this.body }
  }
}

// SPEC §13: one redirect hop of `_halchemy.history`, from the core's {method, url, status,
// reason}, the status in the response's three spellings.
function hop (h) {
  return { method: h.method, url: h.url, status: h.status, statusCode: h.status, status_code: h.status, reason: h.reason } // eslint-disable-line camelcase
}

class HalchemyMetadata {
  // history: the redirect hops as a list, or the core's JSON text of them (read when a
  // program first asks), or null: none.
  constructor (request, response, error, resource, conflictRetries = 0, history = null) {
    this.request = request
    this.response = response
    this.error = error
    // SPEC §8: how many times a 412 was answered by refreshing the ETag and sending again.
    this.conflictRetries = conflictRetries
    this[OWNER] = resource
    // the list once made; until then the core's text (or null)
    if (Array.isArray(history)) this[HISTORY] = history.map(hop)
    else this[HISTORY] = history
  }

  // SPEC §13: the redirect hops before the final response, oldest first; [] when none.
  get history () {
    const h = this[HISTORY]
    if (Array.isArray(h)) return h
    return (this[HISTORY] = typeof h === 'string' ? JSON.parse(h).map(hop) : [])
  }

  [util.inspect.custom] (depth, options, inspect) {
    const history = this.history.map((h) => ({ ...h, url: redactedUrl(h.url) }))
    return inspectAs('HalchemyMetadata', {
      request: this.request, response: this.response, error: this.error, history, conflictRetries: this.conflictRetries
    }, depth, options, inspect)
  }

  // Throws HTTPError when the response status matches `settings` (SPEC §10 spec syntax).
  raiseForStatusCodes (settings = '>399') {
    if (settings !== null && typeof settings !== 'string') throw new TypeError('settings must be a status code spec string')
    const { status, reason } = this.response
    if (native.statusMatches(settings, status)) {
      const err = new HTTPError(native.httpErrorMessage(this.request.method, this.request.url, status, reason), this[OWNER])
      throw err
    }
  }
}

// The JSON the core's HAL checks read: the resource's own enumerable fields.
const asJson = (resource) => stringify(resource)


const HELPERS = {
  get links () { native.halCheck(asJson(this)); return this._links === undefined ? [] : Object.keys(this._links) },
  hasRel (rel) {
    native.halCheck(asJson(this))
    return native.halHasRel(this._links === undefined ? undefined : stringify(this._links), String(rel))
  },
  embeddedRels () {
    native.halCheck(asJson(this))
    return this._embedded === undefined ? [] : Object.keys(this._embedded)
  },
  hasEmbedded (rel) {
    native.halCheck(asJson(this))
    return this._embedded !== undefined && hasOwn(this._embedded, String(rel))
  },
  embedded (rel, expect) {
    if (expect === null || expect === undefined) expect = undefined
    else expect = String(expect) // the core says which values it takes (SPEC §11)
    const found = native.halEmbedded(asJson(this), String(rel), expect)
    const value = this._embedded[rel]
    // A shallow copy made a resource, as Python's HalResource(value) is (one behaviour):
    // changing it leaves the embedding resource as it came.
    return found === 'one' ? asResource({ ...value }) : value.map((v) => asResource({ ...v }))
  },
  embeddedOne (rel) { return this.embedded(rel, 'one') },
  embeddedMany (rel) { return this.embedded(rel, 'many') },
  collection (field) {
    native.halCollection(asJson(this), String(field))
    return this[field].map((v) => asResource({ ...v }))
  }
}

// Property descriptors built once: defining them is the per-resource cost.
const DESCRIPTORS = {}
for (const [name, fn] of Object.entries(Object.getOwnPropertyDescriptors(HELPERS))) {
  DESCRIPTORS[name] = fn.get
    ? { get: fn.get, enumerable: false, configurable: true }
    : { value: fn.value, enumerable: false, configurable: true, writable: true }
}
const HELPER_NAMES = Object.keys(DESCRIPTORS)
const HELPER_DESCRIPTORS = HELPER_NAMES.map((name) => DESCRIPTORS[name])
// `_halchemy`'s descriptor, its value set just for the call.
const META = { value: null, enumerable: false, configurable: true, writable: true }

// Makes obj a HAL resource in place: helpers and `_halchemy` as non-enumerable properties.
// A field of the resource with a helper's name (e.g. `links`) wins: data is never hidden.
// One defineProperty per name: V8 does that faster than one defineProperties call.
function asResource (obj, meta = null) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) obj = {}
  for (let i = 0; i < HELPER_NAMES.length; i++) {
    // hasOwn is the fast check; an own helper name (a field, or a resource read twice) is rare.
    if (!hasOwn(obj, HELPER_NAMES[i]) || !isField.call(obj, HELPER_NAMES[i])) {
      Object.defineProperty(obj, HELPER_NAMES[i], HELPER_DESCRIPTORS[i])
    }
  }
  if (meta !== null || !hasOwn(obj, '_halchemy')) {
    META.value = meta
    Object.defineProperty(obj, '_halchemy', META)
    META.value = null
  }
  return obj
}

const Multiplicity = Object.freeze({ ONE: 'one', MANY: 'many' })

module.exports = { shownHeaders, redactedUrl, inspectAs, HalchemyMetadata, HalchemyRequest, HalchemyResponse, Multiplicity, asResource, etagOf, rawBodyOf }
