// index.js: the JavaScript face of halchemy (SPEC.md, camelCase): Api, its settings, the
// fluent requesters and the results. Every rule runs in the C core; this file validates
// arguments, turns JS values into the core's JSON text and results into resources.
'use strict'

const util = require('node:util')
const native = require('./native')
const errors = require('./errors')
const { stringify, toJson } = require('./json')
const { HalchemyMetadata, HalchemyRequest, HalchemyResponse, Multiplicity, asResource, etagOf, rawBodyOf, shownHeaders, redactedUrl, inspectAs } = require('./resource')

const { AbortError, HTTPError, NetworkError, makeError } = errors

// SPEC §13 tracing: NODE_DEBUG=halchemy prints one line per exchange (the core's lines).
const debug = util.debuglog('halchemy')

native.setErrorFactory(makeError)
native.setFinisher(resourceFrom)
// SPEC §13: the core's warning for verify=false, once per Api (the core says when).
native.setWarner((text) => process.emitWarning(text, { code: 'HALCHEMY_VERIFY_OFF' }))

const CORE = Symbol('halchemy.core')
const ETAG_FIELD = Symbol('halchemy.etagField') // read by every follow(): kept on the JS side too

function objectArg (value, what) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${what} must be an object`)
  return value
}

// An object argument as the core's JSON text (place: see json.js); undefined when there is
// nothing in it.
function jsonArg (value, what, place) {
  if (objectArg(value, what) === undefined) return undefined
  for (const _ in value) return toJson(value, place) // eslint-disable-line no-unreachable-loop
  return undefined
}

function stringArg (value, what) {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`)
  return value
}

// SPEC §2 error handling: a live view of the Api's two settings. Each spelling the core's
// settings table knows (raiseOnNetworkError, ...) is an accessor, defined from the table
// below; the core checks names, types and values.
class ErrorHandling {
  constructor (core) {
    Object.defineProperty(this, CORE, { value: core })
    // Setting a name the table does not know is the core's TypeError, never a new property.
    return new Proxy(this, {
      set (target, name, value) {
        if (typeof name !== 'string') return false
        target[CORE].set('error_handling', name, value)
        return true
      }
    })
  }

  toJSON () { return { raiseForNetworkErrors: this.raiseForNetworkErrors, raiseForStatusCodes: this.raiseForStatusCodes } }
}
const SETTINGS = JSON.parse(native.settingsTable())
for (const s of SETTINGS) {
  if (s.group !== 'error_handling') continue
  Object.defineProperty(ErrorHandling.prototype, s.name, {
    get () { return this[CORE].get(s.name) },
    set (v) { this[CORE].set('error_handling', s.name, v) },
    enumerable: false,
    configurable: true
  })
}

// A group's value (errorHandling) as the core takes it: an object as JSON text.
function groupValue (v) {
  if (v instanceof ErrorHandling) v = v.toJSON()
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? [JSON.stringify(v), true] : [v, false]
}

class Api {
  // Settings come from the built-in defaults, then the .halchemy file (found by the core),
  // then these arguments; headers given here merge over the defaults. `options` takes any
  // other setting of SPEC §2 by name ({ requireIfMatch: true, timeout: 5 }); the core's
  // settings table says which names, types and ranges: an unknown name or a wrong type is a
  // TypeError.
  constructor (baseUrl, headers, options) {
    Object.defineProperty(this, CORE, { value: new native.Api() })
    Object.defineProperty(this, ETAG_FIELD, { value: this[CORE].get('etagField'), writable: true })
    if (baseUrl !== undefined && baseUrl !== null) this.baseUrl = baseUrl
    if (headers !== undefined && headers !== null) this.addHeaders(headers)
    if (objectArg(options, 'options') !== undefined) {
      for (const name of Object.keys(options)) this[CORE].setOption(name, ...groupValue(options[name]))
      this[ETAG_FIELD] = this[CORE].get('etagField')
    }
  }

  // SPEC §8 (v2): refuse a PUT, PATCH or DELETE of a resource that has no ETag to send.
  get requireIfMatch () { return this[CORE].get('requireIfMatch') }
  set requireIfMatch (v) { this[CORE].set(null, 'requireIfMatch', v) }
  get baseUrl () { return this[CORE].get('baseUrl') }
  set baseUrl (v) { this[CORE].set(null, 'baseUrl', v) }
  get parametersListStyle () { return this[CORE].get('parametersListStyle') }
  set parametersListStyle (v) { this[CORE].set(null, 'parametersListStyle', v) }
  get etagField () { return this[ETAG_FIELD] }
  set etagField (v) {
    this[CORE].set(null, 'etagField', v)
    this[ETAG_FIELD] = this[CORE].get('etagField')
  }

  // Seconds for the whole call, redirects included; 0 or null: no timeout (SPEC §12).
  get timeout () { return this[CORE].get('timeout') }
  set timeout (v) { this[CORE].set(null, 'timeout', v) }
  // The response body limit in bytes, a whole number >= 1 (SPEC §12; 64 MiB by default).
  get maxBody () { return this[CORE].get('maxBody') }
  set maxBody (v) { this[CORE].set(null, 'maxBody', v) }

  get errorHandling () { return new ErrorHandling(this[CORE]) }
  set errorHandling (settings) { this[CORE].set(null, 'errorHandling', ...groupValue(settings)) }

  // A copy: change the Api's headers through the setter, addHeaders and removeHeaders.
  get headers () { return JSON.parse(this[CORE].headersJson) }
  set headers (headers) {
    if (objectArg(headers, 'headers') === undefined) throw new TypeError('headers must be an object')
    this[CORE].replaceHeaders(toJson(headers, 'headers'))
  }

  addHeaders (headers) {
    if (objectArg(headers, 'headers') === undefined) throw new TypeError('headers must be an object')
    this[CORE].mergeHeaders(toJson(headers, 'headers'))
  }

  removeHeaders (names) {
    const list = typeof names === 'string' ? [names] : names
    if (!Array.isArray(list)) throw new TypeError('removeHeaders takes a list of header names')
    for (const name of list) this[CORE].removeHeader(stringArg(name, 'a header name'))
  }

  // SPEC §13: the cookie jar, a fresh list of {name, value, domain, path, expires, secure}
  // (expires: seconds since the epoch, or null for a session cookie); clearCookies empties it.
  get cookieJar () { return JSON.parse(this[CORE].cookieJarJson()) }
  clearCookies () { this[CORE].clearCookies() }

  // SPEC §13 lifetime: closes the connections the Api keeps alive, now (synchronous). A
  // request afterwards rejects with a HalchemyError whose code is 'closed'; settings and the
  // cookie jar still work. Requests in flight finish. Idempotent.
  close () { this[CORE].close() }
  get closed () { return this[CORE].closed }

  // util.inspect / console.log: the settings, URLs and header values redacted by the core.
  [util.inspect.custom] (depth, options, inspect) {
    const summary = {}
    for (const s of SETTINGS) {
      if (s.group || s.type === 'group') continue
      const v = this[CORE].get(s.name)
      summary[s.name] = s.type === 'url' || s.type === 'proxy' ? redactedUrl(v) : v
    }
    summary.errorHandling = new ErrorHandling(this[CORE]).toJSON()
    summary.headers = shownHeaders(this.headers)
    summary.closed = this.closed
    return inspectAs('Api', summary, depth, options, inspect)
  }

  get home () { return new ReadOnlyRequester(this, '/') }
  get root () { return this.home }
  usingEndpoint (url) { return new Requester(this, stringArg(url, 'url')) }
  follow (resource) {
    if (resource === null || typeof resource !== 'object' || Array.isArray(resource)) throw new TypeError('follow() takes a resource object')
    return new Follower(this, resource)
  }
}

// The part of _links the core needs for rel: that rel and self (for the If-Match rule).
// Other rels, however many or malformed, are neither serialized nor parsed, unless rel is
// not there as written: then all of them, for the core to look through the CURIEs.
function linksJson (links, rel) {
  if (links === undefined) return '{}' // the missing-rel error, naming rel
  if (links === null || typeof links !== 'object' || Array.isArray(links)) return stringify(links) ?? 'null'
  if (!Object.prototype.hasOwnProperty.call(links, rel)) return stringify(links)
  const part = {}
  part[rel] = links[rel]
  if (rel !== 'self' && Object.prototype.hasOwnProperty.call(links, 'self')) part.self = links.self
  return stringify(part)
}

// Gives the SPEC §11 deprecation warning for a link, once per URL per process (the core
// remembers which URLs were warned about).
function warnDeprecated (url, deprecation) {
  const notice = native.deprecationNotice(url, deprecation)
  if (notice !== null) process.emitWarning(notice, { type: 'DeprecationWarning', code: 'HALCHEMY_DEPRECATED_LINK' })
}

// Every other top-level setting of the core's table (SPEC §2, §13: caBundle, clientCert,
// clientKey, verify, proxy, cookies, and any row added later) is a property too: the core
// checks names, types and values.
for (const s of SETTINGS) {
  if (s.group || s.type === 'group' || Object.prototype.hasOwnProperty.call(Api.prototype, s.name)) continue
  Object.defineProperty(Api.prototype, s.name, {
    get () { return this[CORE].get(s.name) },
    set (v) { this[CORE].set(null, s.name, v) },
    enumerable: false,
    configurable: true
  })
}

// SPEC §13 withSignal: ids naming a cancellable transfer to native.cancel (0 is none).
let lastCancelId = 0
const nextCancelId = () => (lastCancelId = (lastCancelId % 0xFFFFFFFF) + 1)
const abortError = (signal) => new AbortError('The request was aborted', { cause: signal.reason })

// One 'abort' listener per signal, however many of its requests are in flight (so one
// long-lived signal over many concurrent requests trips no MaxListeners warning), removed
// as its last request settles.
const WATCHED = new WeakMap() // signal -> { ids: Set of cancel ids, onAbort }
function watchSignal (signal, id) {
  let w = WATCHED.get(signal)
  if (w === undefined) {
    w = { ids: new Set(), onAbort: null }
    const watched = w
    w.onAbort = () => {
      WATCHED.delete(signal)
      signal.removeEventListener('abort', watched.onAbort)
      for (const id of watched.ids) native.cancel(id, abortError(signal))
    }
    WATCHED.set(signal, w)
    signal.addEventListener('abort', w.onAbort)
  }
  w.ids.add(id)
}
function unwatchSignal (signal, id) {
  const w = WATCHED.get(signal)
  if (w === undefined || !w.ids.delete(id) || w.ids.size > 0) return
  WATCHED.delete(signal)
  signal.removeEventListener('abort', w.onAbort)
}

class Follower {
  constructor (api, resource) {
    this.api = api
    this.resource = resource
  }

  // The link `rel` of the resource (SPEC §11). When rel holds a list of link objects,
  // `criteria` chooses one: a name (string), or an object of name, title, hreflang, type,
  // profile and index (the core checks the names: an unknown one is a TypeError). The ETag
  // the resource came with, its etag field and the body it came in travel along: the core
  // decides on If-Match.
  to (rel, criteria) {
    stringArg(rel, 'rel')
    if (typeof criteria === 'string') criteria = { name: criteria }
    else objectArg(criteria, 'link criteria')
    const resource = this.resource
    const meta = resource._halchemy
    const [href, templated, selfHref, deprecation] =
      native.halLink(linksJson(resource._links, rel), rel, criteria === undefined || criteria === null ? undefined : JSON.stringify(criteria))
    const link = { href, templated, selfHref, documentUrl: meta && meta.request ? meta.request.url : undefined }
    if (deprecation !== null) {
      let url = href
      try {
        url = this.api[CORE].url('GET', href, undefined, undefined, undefined, undefined, undefined,
          undefined, undefined, undefined, link.documentUrl, undefined, !templated)
      } catch { /* the request itself will say what is wrong with the href */ }
      warnDeprecated(url, deprecation)
    }
    const etagHeader = meta && meta.response ? etagOf(meta.response) : undefined
    let etagValue = resource[this.api[ETAG_FIELD]]
    if (etagValue === undefined || etagValue === null) etagValue = undefined
    else if (typeof etagValue !== 'string') etagValue = stringify(etagValue)
    return new Requester(this.api, link, etagHeader, etagValue, meta && meta.response ? rawBodyOf(meta.response) : undefined)
  }
}

class ReadOnlyRequester {
  // `target` is an href the program gave (always a template), or the link a follow()
  // found: { href, templated, selfHref, documentUrl }.
  constructor (api, target, etagHeader, etagValue, etagSource) {
    this.api = api
    const link = typeof target === 'string' ? { href: target, templated: true } : target
    this.href = link.href
    this[CORE] = {
      selfHref: link.selfHref ?? undefined,
      documentUrl: link.documentUrl,
      literal: !link.templated,
      etagHeader,
      etagValue,
      etagSource,
      retries: 0,
      timeout: undefined,
      signal: undefined,
      values: undefined,
      params: undefined,
      headers: undefined
    }
  }

  withTemplateValues (values) { this[CORE].values = jsonArg(values, 'template values', 'values'); return this }
  withParameters (parameters) { this[CORE].params = jsonArg(parameters, 'parameters', 'parameters'); return this }
  withHeaders (headers) { this[CORE].headers = jsonArg(headers, 'headers', 'headers'); return this }

  // SPEC §13: seconds for this request's whole call (redirects included) instead of the
  // Api's timeout; 0 or null: none (as the Api's `timeout = null`); undefined: the Api's
  // again. A negative, NaN or infinite number rejects the request with the core's
  // InvalidValueError.
  withTimeout (seconds) {
    if (seconds !== undefined && seconds !== null && typeof seconds !== 'number') throw new TypeError('withTimeout takes a number of seconds')
    this[CORE].timeout = seconds === null ? 0 : seconds
    return this
  }

  // SPEC §13: an AbortSignal; aborting it (before or during the request) rejects the
  // promise with an AbortError and frees the transfer. null/undefined: none.
  withSignal (signal) {
    if (signal !== undefined && signal !== null &&
        (typeof signal !== 'object' || typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function')) {
      throw new TypeError('withSignal takes an AbortSignal')
    }
    this[CORE].signal = signal ?? undefined
    return this
  }

  [util.inspect.custom] (depth, options, inspect) {
    const c = this[CORE]
    const summary = { href: redactedUrl(this.href) }
    if (c.values !== undefined) summary.templateValues = JSON.parse(c.values)
    if (c.params !== undefined) summary.parameters = JSON.parse(c.params)
    if (c.headers !== undefined) {
      const h = JSON.parse(c.headers)
      for (const name of Object.keys(h)) if (typeof h[name] !== 'string') h[name] = String(h[name])
      summary.headers = shownHeaders(h)
    }
    if (c.timeout !== undefined) summary.timeout = c.timeout
    if (c.signal !== undefined) summary.signal = { aborted: c.signal.aborted }
    return inspectAs(this.constructor.name, summary, depth, options, inspect)
  }

  // The URL that would be requested: template expanded, parameters added, scheme checked.
  get url () {
    const c = this[CORE]
    return this.api[CORE].url('GET', this.href, c.values, c.params, undefined, undefined, undefined,
      undefined, undefined, undefined, c.documentUrl, undefined, c.literal)
  }

  get () { return this._send('GET') }
  head () { return this._send('HEAD') }
  options () { return this._send('OPTIONS') }

  // Never throws: every failure, also a bad argument, rejects the promise. The native
  // promise settles with the resource itself (resourceFrom below runs as it finishes).
  _send (method, data, contentType) {
    try {
      let body
      if (data instanceof Uint8Array) { // a Buffer too: sent as is (SPEC §9)
        body = data
      } else if (data !== undefined) {
        body = toJson(data, 'body')
        if (body === undefined) throw new TypeError(`a ${typeof data} cannot be sent as a request body`)
      }
      if (contentType !== undefined && contentType !== null && typeof contentType !== 'string') {
        throw new TypeError('contentType must be a string')
      }
      const c = this[CORE]
      // The body the resource came in is copied into native memory, so it is handed over
      // only for the methods the core's If-Match rule can apply to; the core decides.
      const change = method === 'PUT' || method === 'PATCH' || method === 'DELETE'
      const signal = c.signal
      if (signal === undefined) {
        return this.api[CORE].request(method, this.href, c.values, c.params, c.headers, body,
          contentType ?? undefined, c.selfHref, c.etagHeader, c.etagValue, c.documentUrl,
          change ? c.etagSource : undefined, c.literal, c.retries, c.timeout, debug.enabled)
      }
      if (signal.aborted) throw abortError(signal) // nothing is sent, as fetch does
      const id = nextCancelId()
      const promise = this.api[CORE].request(method, this.href, c.values, c.params, c.headers, body,
        contentType ?? undefined, c.selfHref, c.etagHeader, c.etagValue, c.documentUrl,
        change ? c.etagSource : undefined, c.literal, c.retries, c.timeout, debug.enabled, id)
      // Watched as long as the request: one long-lived signal over many requests keeps no
      // listener. Aborted, the promise rejects at once (native.cancel).
      watchSignal(signal, id)
      const release = () => unwatchSignal(signal, id)
      promise.then(release, release)
      return promise
    } catch (err) {
      return Promise.reject(err)
    }
  }
}

class Requester extends ReadOnlyRequester {
  // SPEC §8 (v2) refresh and apply again: a 412 to this PUT, PATCH or DELETE is answered by
  // GETting the resource for its current ETag and sending the change again, at most `n`
  // times; `_halchemy.conflictRetries` says how many were made.
  withConflictRetry (n) {
    if (!Number.isInteger(n) || n < 0) throw new TypeError('withConflictRetry takes an integer >= 0')
    this[CORE].retries = n
    return this
  }

  post (data, contentType) { return this._send('POST', data, contentType) }
  put (data, contentType) { return this._send('PUT', data, contentType) }
  patch (data, contentType) { return this._send('PATCH', data, contentType) }
  delete () { return this._send('DELETE') }
}

// SPEC §9: the core has judged the body (kind: hc_json_kind). JSON.parse reads text the
// core accepted exactly as every other reader of the rule does (strict RFC 8259, at most
// 1,000 levels), so it only builds the value; a BOM (U+FEFF once decoded) is skipped as the
// core skipped it. Any other body stays text.
const JSON_OBJECT = 2
const JSON_OTHER = 3
// The body's value from its text and the core's verdict on it.
function parseBody (text, kind) {
  if (kind === JSON_OBJECT || kind === JSON_OTHER) {
    return JSON.parse(text.charCodeAt(0) === 0xFEFF ? text.slice(1) : text)
  }
  return text
}

const RAISE_NETWORK = 1
const RAISE_STATUS = 2

// A finished transfer as the resource SPEC §9 says: the body's fields when it is a JSON
// object, else empty; the HTTP details in _halchemy. Native code calls this with what it
// knows of the transfer (argument order: ResultKey in node/src/glue.h) and settles the
// request's promise with the resource, or with the error this throws. Headers are
// "name\0value\0..." text; etag is the ETag response header or null.
function resourceFrom (method, url, requestHeaders, requestBody, status, reason, headers, text, bytes, jsonKind, raise, errorCode, errorMessage, etag, conflictRetries, history, trace) {
  if (trace !== null) for (const line of JSON.parse(trace)) debug('%s', line)
  const body = parseBody(text, jsonKind)
  const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {}
  const request = new HalchemyRequest(method, url, requestHeaders, requestBody)
  const response = new HalchemyResponse(status, reason, headers, body, url, etag, text, bytes)
  let error = null
  if (errorCode !== null) {
    // No response: the code's class when it is a NetworkError (TimeoutError), else a
    // NetworkError with that code (a refused redirect, 'scheme'), as in Python.
    error = makeError(errorCode, errorMessage)
    if (!(error instanceof NetworkError)) error = Object.assign(new NetworkError(errorMessage), { code: errorCode })
  }
  const meta = new HalchemyMetadata(request, response, error, fields, conflictRetries, history)
  const resource = asResource(fields, meta)
  if (error !== null) {
    Object.defineProperty(error, 'resource', { value: resource, enumerable: false, writable: true, configurable: true })
    Object.defineProperty(error, '_halchemy', { value: meta, enumerable: false, writable: true, configurable: true })
    if (raise === RAISE_NETWORK) throw error
  }
  if (raise === RAISE_STATUS) {
    const err = new HTTPError(native.httpErrorMessage(method, url, status, reason), resource)
    meta.error = err
    throw err
  }
  return resource
}

module.exports = {
  // The package's version: package.json's, compiled into the core (hc_version()).
  version: native.version,
  Api,
  ErrorHandling,
  Follower,
  ReadOnlyRequester,
  Requester,
  HalchemyMetadata,
  HalchemyRequest,
  HalchemyResponse,
  Multiplicity,
  // Gives a plain object (e.g. one a program built or stored) the HAL helpers, in place.
  asResource (obj) {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new TypeError('asResource() takes an object')
    return asResource(obj)
  },
  ...errors
}
delete module.exports.makeError
