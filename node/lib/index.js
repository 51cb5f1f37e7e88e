// index.js: the JavaScript face of halchemy: Api, its error-handling settings and the
// requesters at the end of the fluent chain. Every rule runs in the C core (native); this
// file turns JS values into the core's JSON text and the core's results into resources.
'use strict'

const native = require('./native')
const errors = require('./errors')
const { HalchemyMetadata, HalResource, Multiplicity, Request, Response, asResource, attachMetadata } = require('./resource')

native.setErrorFactory(errors.makeError)

const jsonOrNull = (value) => (value == null || Object.keys(value).length === 0 ? undefined : JSON.stringify(value))

class ErrorHandling {
  constructor (core) { Object.defineProperty(this, '_core', { value: core, enumerable: false }) }
  get raiseForNetworkErrors () { return this._core.raiseNetwork }
  set raiseForNetworkErrors (v) { this._core.raiseNetwork = Boolean(v) }
  get raiseForStatusCodes () { return this._core.raiseStatus || null }
  set raiseForStatusCodes (spec) { this._core.raiseStatus = spec == null ? null : String(spec) }
  // The spellings of the published docs are aliases of the same settings.
  get raiseOnNetworkError () { return this.raiseForNetworkErrors }
  set raiseOnNetworkError (v) { this.raiseForNetworkErrors = v }
  get raiseOnStatusCodes () { return this.raiseForStatusCodes }
  set raiseOnStatusCodes (v) { this.raiseForStatusCodes = v }
  toJSON () { return { raiseForNetworkErrors: this.raiseForNetworkErrors, raiseForStatusCodes: this.raiseForStatusCodes } }
}

const ERROR_SETTINGS = ['raiseForNetworkErrors', 'raiseOnNetworkError', 'raiseForStatusCodes', 'raiseOnStatusCodes']

class Api {
  constructor (baseUrl, headers) {
    Object.defineProperty(this, '_core', { value: new native.Api(), enumerable: false })
    if (baseUrl !== undefined && baseUrl !== null) this._core.baseUrl = baseUrl
    if (headers) this.addHeaders(headers)
  }

  get baseUrl () { return this._core.baseUrl }
  set baseUrl (v) { this._core.baseUrl = v }
  get parametersListStyle () { return this._core.parametersListStyle }
  set parametersListStyle (v) { this._core.parametersListStyle = v }
  get etagField () { return this._core.etagField }
  set etagField (v) { this._core.etagField = v }
  get timeout () { return this._core.timeout }
  set timeout (v) { this._core.timeout = v }
  get maxBody () { return this._core.maxBody }
  set maxBody (v) { this._core.maxBody = v }

  get errorHandling () { return new ErrorHandling(this._core) }
  set errorHandling (settings) {
    const target = new ErrorHandling(this._core)
    for (const [name, value] of Object.entries(settings instanceof ErrorHandling ? settings.toJSON() : settings)) {
      if (!ERROR_SETTINGS.includes(name)) throw new Error(`unknown errorHandling setting '${name}'`)
      target[name] = value
    }
  }

  get headers () { return JSON.parse(this._core.headersJson) }
  set headers (headers) { this._core.replaceHeaders(JSON.stringify(headers || {})) }
  addHeaders (headers) { this._core.mergeHeaders(JSON.stringify(headers || {})) }
  removeHeaders (names) {
    for (const name of typeof names === 'string' ? [names] : names) this._core.removeHeader(name)
  }

  get home () { return new ReadOnlyRequester(this, '/') }
  get root () { return this.home }
  usingEndpoint (url) { return new Requester(this, url) }
  follow (resource) { return new Follower(this, resource) }
}

class Follower {
  constructor (api, resource) {
    this._api = api
    this._resource = resource
  }

  to (rel, options) {
    const resource = this._resource || {}
    const name = typeof options === 'string' ? options : options && options.name
    const links = resource._links === undefined ? '{}' : JSON.stringify(resource._links)
    const [href, , selfHref] = native.followLink(links, rel, name == null ? undefined : String(name))
    const meta = resource._halchemy
    const etagHeader = meta && meta.response && meta.response.header ? meta.response.header('ETag') : undefined
    let etagValue = resource[this._api.etagField]
    if (etagValue != null && typeof etagValue !== 'string') etagValue = JSON.stringify(etagValue)
    return new Requester(this._api, href, selfHref, etagHeader, etagValue == null ? undefined : etagValue)
  }
}

class ReadOnlyRequester {
  constructor (api, href, selfHref, etagHeader, etagValue) {
    this._api = api
    this._href = href
    this._selfHref = selfHref == null ? undefined : selfHref
    this._etagHeader = etagHeader
    this._etagValue = etagValue
    this._values = this._params = this._headers = undefined
  }

  withTemplateValues (values) { this._values = { ...values }; return this }
  withParameters (parameters) { this._params = { ...parameters }; return this }
  withHeaders (headers) { this._headers = { ...headers }; return this }
  get url () { return this._api._core.url('GET', this._href, jsonOrNull(this._values), jsonOrNull(this._params)) }

  get () { return this._send('GET') }
  head () { return this._send('HEAD') }
  options () { return this._send('OPTIONS') }

  async _send (method, data, contentType) {
    const body = data === undefined ? undefined : JSON.stringify(data)
    const raw = await this._api._core.request(method, this._href, jsonOrNull(this._values), jsonOrNull(this._params),
      jsonOrNull(this._headers), body, contentType == null ? undefined : contentType,
      this._selfHref, this._etagHeader, this._etagValue)
    return resourceFrom(raw)
  }
}

class Requester extends ReadOnlyRequester {
  post (data, contentType) { return this._send('POST', data, contentType) }
  put (data, contentType) { return this._send('PUT', data, contentType) }
  patch (data, contentType) { return this._send('PATCH', data, contentType) }
  delete () { return this._send('DELETE') }
}

// Positions in the native result array (node/src/loop.cc, ResultArray).
const R_METHOD = 0; const R_URL = 1; const R_REQ_HEADERS = 2; const R_REQ_BODY = 3; const R_STATUS = 4
const R_REASON = 5; const R_HEADERS = 6; const R_BODY = 7; const R_IS_JSON = 8; const R_RAISE = 9
const R_ERR_CODE = 10; const R_ERR_MESSAGE = 11

function parseBody (raw) {
  if (raw[R_IS_JSON]) {
    try { return JSON.parse(raw[R_BODY]) } catch { /* declared JSON but malformed: keep the text */ }
  }
  return raw[R_BODY]
}

function resourceFrom (raw) {
  const parsed = parseBody(raw)
  const resource = asResource(parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {})
  let error = null
  if (raw[R_ERR_CODE]) {
    error = errors.makeError(raw[R_ERR_CODE], raw[R_ERR_MESSAGE], resource)
    if (!(error instanceof errors.NetworkError)) {
      // e.g. a redirect to file:// refused mid-transfer: still "no response"
      error = new errors.NetworkError(raw[R_ERR_MESSAGE], resource)
      error.code = raw[R_ERR_CODE]
    }
  }
  const method = raw[R_METHOD]; const url = raw[R_URL]; const status = raw[R_STATUS]; const reason = raw[R_REASON]
  const meta = new HalchemyMetadata(new Request(method, url, raw[R_REQ_HEADERS], raw[R_REQ_BODY]),
    new Response(status, reason, raw[R_HEADERS], parsed, url), error, resource)
  attachMetadata(resource, meta)
  if (raw[R_RAISE] === 1) throw error
  if (raw[R_RAISE] === 2) {
    const err = new errors.HTTPError(`${method} ${url} returned ${status} ${reason}`.trim(), resource)
    meta.error = err
    throw err
  }
  return resource
}

module.exports = {
  Api,
  ErrorHandling,
  Follower,
  ReadOnlyRequester,
  Requester,
  HalResource,
  HalchemyMetadata,
  Multiplicity,
  ...errors
}
