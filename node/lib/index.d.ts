// Type declarations of the halchemy Node package (SPEC.md, camelCase names).

/** The package's version ("2.0.0"): package.json's, compiled into the core. */
export declare const version: string
export type ListStyle = 'repeat_key' | 'bracket' | 'index' | 'comma' | 'pipe'
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type HeaderValue = string | number | boolean | null

/**
 * Headers as sent or received: the names as they were, read in any case
 * (`headers.etag === headers.ETag`), plus `get(name)` and `has(name)`.
 */
export type CaseInsensitiveHeaders = { readonly [name: string]: string | undefined } & {
  get (name: string): string | undefined
  has (name: string): boolean
}

export declare class HalchemyRequest {
  /** headers: a flat [name, value, ...] list (or native code's "name\0value\0..." text). */
  constructor (method: string, url: string, headers: string[] | string, body: string | null)
  method: string
  /** Absolute, as sent. */
  url: string
  readonly headers: CaseInsensitiveHeaders
  /** The bytes sent, as text; null when there was no body. */
  body: string | null
  header (name: string): string | undefined
}

export declare class HalchemyResponse {
  /** headers as for HalchemyRequest; etag: the ETag header when known (else looked up). */
  constructor (status: number, reason: string, headers: string[] | string, body: Json | string, url: string, etag?: string | null, text?: string, bytes?: Uint8Array | null)
  /** 0 when no response was received. */
  status: number
  readonly statusCode: number
  readonly status_code: number
  reason: string
  readonly headers: CaseInsensitiveHeaders
  /** Parsed JSON when the body is JSON, else text (bytes that are not UTF-8 become U+FFFD). */
  body: Json | string
  /** SPEC §9: the body exactly as received (after content decoding); a copy each time. */
  readonly content: Uint8Array /* a Buffer in Node */
  url: string
  header (name: string): string | undefined
}

/** SPEC §13: one redirect hop of `_halchemy.history`. */
export interface HistoryEntry {
  /** The method sent on that hop. */
  method: string
  /** The absolute URL sent on that hop. */
  url: string
  /** The status the hop answered (a redirect), in the response's three spellings. */
  status: number
  statusCode: number
  status_code: number
  /** Its reason phrase as received ('' when empty). */
  reason: string
}

export declare class HalchemyMetadata {
  /** history: the redirect hops (a list, or the core's JSON text of them); null: none. */
  constructor (request: HalchemyRequest, response: HalchemyResponse, error: Error | null, resource: object, conflictRetries?: number, history?: HistoryEntry[] | string | null)
  request: HalchemyRequest
  response: HalchemyResponse
  error: HalchemyError | null
  /** SPEC §8: how many times a 412 was answered by refreshing the ETag and sending again. */
  conflictRetries: number
  /** SPEC §13: the redirect hops before the final response, oldest first; [] when none. */
  readonly history: HistoryEntry[]
  /** Throws HTTPError when the status matches the spec (default '>399'). */
  raiseForStatusCodes (settings?: string): void
}

export declare const Multiplicity: { readonly ONE: 'one', readonly MANY: 'many' }

/**
 * A HAL resource: a plain object with the body's fields. The helpers and `_halchemy` are
 * non-enumerable own properties (never in JSON.stringify, Object.keys or spreads). A field
 * of the resource with a helper's name wins over the helper.
 */
export interface HalResource {
  [field: string]: any
  /** Null for a resource that did not come from a response (embedded, asResource). */
  readonly _halchemy: HalchemyMetadata | null
  /** The rels of `_links` as written; [] without `_links` (SPEC §11: self is not required). */
  readonly links: string[]
  /** Whether `_links` has rel, as written or through `_links.curies` (CURIE or full URI). */
  hasRel (rel: string): boolean
  embeddedRels (): string[]
  hasEmbedded (rel: string): boolean
  embedded (rel: string, expect?: 'one' | 'many' | null): HalResource | HalResource[]
  embeddedOne (rel: string): HalResource
  embeddedMany (rel: string): HalResource[]
  collection (field: string): HalResource[]
}

/** Gives an object (e.g. one the program built) the HAL helpers, in place. */
export declare function asResource<T extends object> (obj: T): T & HalResource

export interface ErrorHandlingSettings {
  raiseForNetworkErrors?: boolean
  raiseForStatusCodes?: string | null
  raiseOnNetworkError?: boolean
  raiseOnNetworkErrors?: boolean
  raiseForNetworkError?: boolean
  raiseOnStatusCodes?: string | null
}

/** A live view of an Api's error handling; the raiseOn* names are aliases. */
export declare class ErrorHandling {
  raiseForNetworkErrors: boolean
  /** A spec such as '>399' or '400-403, >404'; null raises on none. */
  raiseForStatusCodes: string | null
  raiseOnNetworkError: boolean
  raiseOnNetworkErrors: boolean
  raiseForNetworkError: boolean
  raiseOnStatusCodes: string | null
  toJSON (): { raiseForNetworkErrors: boolean, raiseForStatusCodes: string | null }
}

export declare class ReadOnlyRequester {
  readonly api: Api
  /** The href as given or found in the link (a template until expanded). */
  readonly href: string
  withTemplateValues (values: Record<string, Json | undefined>): this
  withParameters (parameters: Record<string, Json | undefined>): this
  /** Headers for this request only; null removes a default for this request. */
  withHeaders (headers: Record<string, HeaderValue | undefined>): this
  /** The URL that would be requested (template expanded, parameters added). */
  readonly url: string
  /**
   * SPEC §13: seconds for this request's whole call (redirects included) instead of the
   * Api's `timeout`; 0: no timeout; null/undefined: the Api's again. A NaN or infinite
   * number makes the request reject with InvalidValueError.
   * @throws {TypeError} when `seconds` is not a number, null or undefined.
   */
  withTimeout (seconds: number | null | undefined): this
  /**
   * SPEC §13: aborting `signal`, before or while the request runs, rejects its promise at
   * once with an {@link AbortError} (`name` 'AbortError', `code` 'aborted', `cause` the
   * signal's reason) and frees the transfer; nothing more is read. The listener is removed
   * when the request settles. null/undefined: no signal.
   * @throws {TypeError} when `signal` is not an AbortSignal.
   */
  withSignal (signal: AbortSignal | null | undefined): this
  get (): Promise<HalResource>
  head (): Promise<HalResource>
  options (): Promise<HalResource>
}

export declare class Requester extends ReadOnlyRequester {
  /**
   * SPEC §8 refresh and apply again: a 412 to this PUT, PATCH or DELETE is answered by
   * GETting the resource for its current ETag and sending the change again, at most `n`
   * (an integer >= 0) times. Throws TypeError for any other `n`.
   */
  withConflictRetry (n: number): this
  /** `data` undefined: no body; null: a JSON null. A non-JSON content type sends a string as is. */
  /** data: a JSON value, or bytes (Buffer, Uint8Array) sent as is (SPEC §9). */
  post (data?: Json | Uint8Array, contentType?: string | null): Promise<HalResource>
  put (data?: Json | Uint8Array, contentType?: string | null): Promise<HalResource>
  patch (data?: Json | Uint8Array, contentType?: string | null): Promise<HalResource>
  delete (): Promise<HalResource>
}

export declare class Follower {
  readonly api: Api
  readonly resource: object
  /**
   * The link `rel` (SPEC §11), also found by CURIE or full URI through `_links.curies`. For
   * a rel holding a list, the first link that meets every criterion (a string is a name).
   * Throws RelNotFoundError when none does, TypeError for an unknown criterion.
   */
  to (rel: string, criteria?: LinkCriteria | string | null): Requester
}

/** Chooses a link object from a rel's list by HAL link properties or 0-based position. */
export interface LinkCriteria {
  name?: string | null
  title?: string | null
  hreflang?: string | null
  type?: string | null
  profile?: string | null
  index?: number | null
}

/** Any setting but baseUrl and headers, at construction (SPEC §2 v2). */
export interface ApiOptions {
  parametersListStyle?: ListStyle
  etagField?: string
  /** Seconds for the whole call; 0 or null: no timeout. */
  timeout?: number | null
  /** Bytes, a whole number >= 1. */
  maxBody?: number
  errorHandling?: ErrorHandlingSettings
  requireIfMatch?: boolean
  /** SPEC §13: a PEM file of CA certificates replacing the system store (else $SSL_CERT_FILE, else the system's). */
  caBundle?: string | null
  /** SPEC §13: a PEM client certificate (it may hold its key too). */
  clientCert?: string | null
  /** SPEC §13: the client certificate's PEM key, when not in the certificate file. */
  clientKey?: string | null
  /** SPEC §13: false turns TLS verification off (a warning is emitted once per Api). */
  verify?: boolean
  /** SPEC §13: http, https, socks5 or socks5h URL, credentials as its userinfo; null: the environment's. */
  proxy?: string | null
  /** SPEC §13: the in-memory cookie jar on (default) or off. */
  cookies?: boolean
}

/** SPEC §13: one cookie of `api.cookieJar`. */
export interface Cookie {
  name: string
  value: string
  /** As libcurl keeps it: a leading '.' when the cookie covers subdomains. */
  domain: string
  path: string
  /** Seconds since the epoch; null for a session cookie. */
  expires: number | null
  secure: boolean
}

export declare class Api {
  /**
   * Defaults, then the .halchemy file, then these arguments (headers merge over).
   * An unknown name in `options` is a TypeError.
   */
  constructor (baseUrl?: string | null, headers?: Record<string, HeaderValue> | null, options?: ApiOptions | null)
  /**
   * SPEC §8: a PUT, PATCH or DELETE of a resource with no ETag to send rejects with
   * MissingETagError (nothing is sent) instead of going out without If-Match.
   */
  requireIfMatch: boolean
  baseUrl: string
  parametersListStyle: ListStyle
  etagField: string
  /** Seconds for the whole call, redirects included; 0 = no timeout (set null for none too). */
  get timeout (): number
  set timeout (seconds: number | null)
  /** Response body limit in bytes, a whole number >= 1 (64 MiB by default). */
  maxBody: number
  /**
   * SPEC §13: a PEM file of CA certificates that replaces the system store; null: unset
   * (then $SSL_CERT_FILE, read at each request, else the system store).
   * @throws {InvalidValueError} (on set) when the file cannot be read now.
   */
  caBundle: string | null
  /**
   * SPEC §13: the TLS client certificate, a PEM file (it may hold the key); null: none.
   * @throws {InvalidValueError} (on set) when the file cannot be read now.
   */
  clientCert: string | null
  /**
   * SPEC §13: the client certificate's key, a PEM file; null: none (or in clientCert).
   * @throws {InvalidValueError} (on set) when the file cannot be read now.
   */
  clientKey: string | null
  /**
   * SPEC §13: TLS peer and host name verification (true by default). false emits a
   * warning (process.emitWarning, code HALCHEMY_VERIFY_OFF) once per Api, at its first request.
   */
  verify: boolean
  /**
   * SPEC §13: the proxy for every request (http, https, socks5, socks5h URL; credentials
   * as its userinfo, sent to the proxy only); null: the environment's (http_proxy,
   * https_proxy/HTTPS_PROXY, all_proxy; never HTTP_PROXY). no_proxy applies to both.
   * @throws {SchemeError} (on set) for another scheme; InvalidValueError for CR, LF or blanks.
   */
  proxy: string | null
  /** SPEC §13: the in-memory cookie jar on (default) or off (the jar keeps what it holds). */
  cookies: boolean
  /** SPEC §13: a fresh copy of the cookie jar; works after close() too. */
  readonly cookieJar: Cookie[]
  /** SPEC §13: empties the cookie jar. */
  clearCookies (): void
  /**
   * SPEC §13: closes the kept-alive connections, synchronously (requests in flight finish
   * first). A request afterwards rejects with a HalchemyError whose code is 'closed';
   * settings and the cookie jar still work. Idempotent.
   */
  close (): void
  /** True after close(). */
  readonly closed: boolean
  get errorHandling (): ErrorHandling
  set errorHandling (settings: ErrorHandling | ErrorHandlingSettings)
  /** A copy of the default headers; the setter replaces them all. */
  get headers (): Record<string, string>
  set headers (headers: Record<string, HeaderValue>)
  addHeaders (headers: Record<string, HeaderValue>): void
  removeHeaders (names: string[] | string): void
  readonly home: ReadOnlyRequester
  readonly root: ReadOnlyRequester
  usingEndpoint (url: string): Requester
  follow (resource: object): Follower
}

/** Every error of the package; `code` is the core's stable name ('template', 'network', ...). */
export declare class HalchemyError extends Error {
  constructor (message: string, code?: string, resource?: HalResource)
  code: string
  readonly resource?: HalResource
  readonly _halchemy?: HalchemyMetadata | null
}
/** A status matched raiseForStatusCodes. */
export declare class HTTPError extends HalchemyError {
  constructor (message: string, resource: HalResource)
  readonly resource: HalResource
  readonly _halchemy: HalchemyMetadata
}
/** No response (refused, DNS, TLS, timeout, closed mid-body, body over the limit). */
export declare class NetworkError extends HalchemyError {
  constructor (message: string, code?: string, resource?: HalResource)
}
export declare class TemplateError extends HalchemyError {}
export declare class ParameterError extends HalchemyError {}
export declare class HeaderError extends HalchemyError {}
export declare class SchemeError extends HalchemyError {}
export declare class ConfigError extends HalchemyError {}
export declare class StatusSpecError extends HalchemyError {}
export declare class HalFormatError extends HalchemyError {}
export declare class RelNotFoundError extends HalchemyError {}
/** SPEC §8 requireIfMatch: a change of a resource with no ETag was refused; nothing sent. */
export declare class MissingETagError extends HalchemyError {}
/** embedded(rel, expect) found one where many was expected, or back (SPEC §10, §11). */
export declare class MultiplicityError extends HalchemyError {}
/** No response within the timeout: one deadline for the whole call (SPEC §12). */
export declare class TimeoutError extends NetworkError {}
/** A value out of range (e.g. `maxBody: 0`), a NUL in text (SPEC §12), malformed JSON. */
export declare class InvalidValueError extends HalchemyError {}
/**
 * SPEC §13 withSignal: the request was aborted by its AbortSignal. `name` is 'AbortError'
 * (as fetch's), `code` 'aborted'; `cause` is the signal's reason. Not a NetworkError.
 */
export declare class AbortError extends HalchemyError {
  constructor (message?: string, options?: { cause?: unknown })
  readonly cause?: unknown
}

declare const halchemy: {
  version: typeof version
  Api: typeof Api
  ErrorHandling: typeof ErrorHandling
  Follower: typeof Follower
  ReadOnlyRequester: typeof ReadOnlyRequester
  Requester: typeof Requester
  HalchemyMetadata: typeof HalchemyMetadata
  HalchemyRequest: typeof HalchemyRequest
  HalchemyResponse: typeof HalchemyResponse
  Multiplicity: typeof Multiplicity
  asResource: typeof asResource
  HalchemyError: typeof HalchemyError
  HTTPError: typeof HTTPError
  NetworkError: typeof NetworkError
  TemplateError: typeof TemplateError
  ParameterError: typeof ParameterError
  HeaderError: typeof HeaderError
  SchemeError: typeof SchemeError
  ConfigError: typeof ConfigError
  StatusSpecError: typeof StatusSpecError
  HalFormatError: typeof HalFormatError
  RelNotFoundError: typeof RelNotFoundError
  MultiplicityError: typeof MultiplicityError
  MissingETagError: typeof MissingETagError
  TimeoutError: typeof TimeoutError
  InvalidValueError: typeof InvalidValueError
  AbortError: typeof AbortError
}
export default halchemy
