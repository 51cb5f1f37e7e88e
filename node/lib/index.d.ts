// Type declarations of the halchemy Node package (SPEC.md, camelCase names).
//
// Conventions of these comments: "SPEC §n" is a section of the behaviour contract; times
// are in seconds and sizes in bytes; "Rejects with" lists the error classes a promise can
// reject with (every class is exported below; all but TypeError derive from HalchemyError).

/** The package's version ("2.0.0"): package.json's, compiled into the core (hc_version()). */
export declare const version: string

/** SPEC §5: how a list-valued query parameter is written (`tags: ['a', 'b']`). */
export type ListStyle = 'repeat_key' | 'bracket' | 'index' | 'comma' | 'pipe'

/** A JSON value as the core reads and writes it (SPEC §9): what a response body parses to. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** What JSON has no form for: sent, these are a TypeError (README, "Choices"). */
type NotJson = bigint | symbol | ((...args: never[]) => unknown)

/**
 * `T` itself when every value in it is JSON-serialisable, else `never` where it is not (a
 * function, a symbol, a BigInt, a class instance with methods). Unlike {@link Json}, it
 * accepts values typed by an `interface` (which has no index signature), e.g.
 * `interface Customer { givenName: string }`. `any` is accepted as is (the runtime checks
 * it: a TypeError rejects the request), and so is a {@link HalResource} (its helpers are
 * non-enumerable, never sent), and so is an object with a `toJSON` method (a Date: the
 * runtime calls it, as JSON.stringify does). Optional properties may be `undefined` (left out, as
 * JSON.stringify does).
 */
export type JsonCompatible<T> =
  0 extends (1 & T) ? T
    : T extends Json | undefined ? T
      : T extends NotJson ? never
        : T extends HalResource ? T
          : T extends { toJSON (key: string): unknown } ? T
            : T extends Uint8Array ? never
              : T extends object ? { [K in keyof T]: JsonCompatible<T[K]> }
                : never

/** A JSON object (not an array) whose values are JSON-serialisable: template values, parameters. */
export type JsonFields<T> = T extends readonly unknown[] ? never : JsonCompatible<T>

/** A header value: sent as its text (`3` as "3", `true` as "true"); null removes the header. */
export type HeaderValue = string | number | boolean | null

/**
 * Headers as sent or received: the names as they were, read in any case
 * (`headers.etag === headers.ETag`), plus `get(name)` and `has(name)`.
 */
export type CaseInsensitiveHeaders = { readonly [name: string]: string | undefined } & {
  /** The value of header `name` (any case); undefined when absent. */
  get (name: string): string | undefined
  /** Whether header `name` (any case) is present. */
  has (name: string): boolean
}

/** SPEC §9: `_halchemy.request`, the request as sent (the last hop's, after redirects). */
export declare class HalchemyRequest {
  /**
   * Built by the package for each response; rarely by a program.
   * @param headers a flat [name, value, ...] list (or native code's "name\0value\0..." text).
   * @param body the bytes sent, as text; null when there was no body.
   */
  constructor (method: string, url: string, headers: string[] | string, body: string | null)
  /** The method sent ('GET', 'PATCH', ...; a conflict retry's refresh says 'GET'). */
  method: string
  /** Absolute, as sent (dot segments removed, SPEC §3). */
  url: string
  /** The headers sent; Authorization and Cookie values are redacted only when printed. */
  readonly headers: CaseInsensitiveHeaders
  /** The bytes sent, as text; null when there was no body. */
  body: string | null
  /** The value of header `name` (any case); undefined when it was not sent. */
  header (name: string): string | undefined
}

/** SPEC §9: `_halchemy.response`, the response as received. */
export declare class HalchemyResponse {
  /**
   * Built by the package for each response; rarely by a program.
   * @param headers as for HalchemyRequest.
   * @param etag the ETag header when known (else looked up in `headers`).
   * @param text the body as text; @param bytes the body's bytes (else `text` encoded).
   */
  constructor (status: number, reason: string, headers: string[] | string, body: Json | string, url: string, etag?: string | null, text?: string, bytes?: Uint8Array | null)
  /** The HTTP status; 0 when no response was received (SPEC §10). */
  status: number
  /** The same as `status` (SPEC §9 spelling). */
  readonly statusCode: number
  /** The same as `status` (the Python spelling, SPEC §9). */
  readonly status_code: number
  /** The reason phrase as received ('' when empty; SPEC §9 header bytes). */
  reason: string
  /** The response headers, case-insensitive lookup. */
  readonly headers: CaseInsensitiveHeaders
  /**
   * SPEC §9: parsed JSON when the body is JSON (one rule, in the core), else text (bytes
   * that are not UTF-8 become U+FFFD).
   */
  body: Json | string
  /** SPEC §9: the body exactly as received (after content decoding); a copy each time. */
  readonly content: Uint8Array /* a Buffer in Node */
  /** The absolute URL that answered (the last hop's). */
  url: string
  /** The value of header `name` (any case); undefined when absent. */
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
  /** The same as `status`. */
  statusCode: number
  /** The same as `status`. */
  status_code: number
  /** Its reason phrase as received ('' when empty). */
  reason: string
}

/** SPEC §9: what `resource._halchemy` holds: request, response and error. */
export declare class HalchemyMetadata {
  /**
   * Built by the package for each response; rarely by a program.
   * @param history the redirect hops (a list, or the core's JSON text of them); null: none.
   */
  constructor (request: HalchemyRequest, response: HalchemyResponse, error: Error | null, resource: object, conflictRetries?: number, history?: HistoryEntry[] | string | null)
  /** The request as sent. */
  request: HalchemyRequest
  /** The response as received (status 0 when there was none). */
  response: HalchemyResponse
  /**
   * SPEC §10: the error of this exchange, or null: a NetworkError (TimeoutError...) when
   * `raiseForNetworkErrors` is false and no response came, an HTTPError when one was thrown.
   */
  error: HalchemyError | null
  /** SPEC §8: how many times a 412 was answered by refreshing the ETag and sending again. */
  conflictRetries: number
  /** SPEC §13: the redirect hops before the final response, oldest first; [] when none. */
  readonly history: HistoryEntry[]
  /**
   * SPEC §9, §10: throws when the response's status matches `settings`.
   * @param settings a status spec such as '>399' (the default) or '400-403, >404'.
   * @throws {HTTPError} when the status matches.
   * @throws {StatusSpecError} when `settings` is not a valid spec.
   */
  raiseForStatusCodes (settings?: string): void
}

/** SPEC §11: what `embedded(rel, expect)` expects a rel to hold. */
export declare const Multiplicity: { readonly ONE: 'one', readonly MANY: 'many' }

/**
 * SPEC §9, §11: a HAL resource: a plain object with the body's fields. The helpers and
 * `_halchemy` are non-enumerable own properties (never in JSON.stringify, Object.keys or
 * spreads). A field of the resource with a helper's name wins over the helper.
 * Fields are typed `any` (the body's JSON, unknown to the typings).
 */
export interface HalResource {
  /** A field of the body (JSON). */
  [field: string]: any
  /**
   * SPEC §9: the HTTP details; null for a resource that did not come from a response
   * (embedded, asResource). A resource a request returned is a {@link FetchedResource},
   * whose `_halchemy` is never null.
   */
  readonly _halchemy: HalchemyMetadata | null
  /** The rels of `_links` as written; [] without `_links` (SPEC §11: self is not required). */
  readonly links: string[]
  /**
   * Whether `_links` has rel, as written or through `_links.curies` (CURIE or full URI).
   * @throws {HalFormatError} when `_links` is not an object.
   */
  hasRel (rel: string): boolean
  /**
   * The rels of `_embedded`; [] without it.
   * @throws {HalFormatError} when `_embedded` is not an object.
   */
  embeddedRels (): string[]
  /** Whether `_embedded` has `rel`. */
  hasEmbedded (rel: string): boolean
  /**
   * SPEC §11: the resource(s) embedded under `rel`, as copies with the helpers.
   * @param expect 'one' ({@link Multiplicity}.ONE) or 'many'; null/absent: as it is.
   * @throws {RelNotFoundError} when `_embedded` has no `rel`.
   * @throws {MultiplicityError} when it holds many where one was expected, or back.
   */
  embedded (rel: string, expect: 'one'): HalResource
  embedded (rel: string, expect: 'many'): HalResource[]
  embedded (rel: string, expect?: 'one' | 'many' | null): HalResource | HalResource[]
  /**
   * `embedded(rel, 'one')`.
   * @throws {RelNotFoundError} @throws {MultiplicityError} as embedded().
   */
  embeddedOne (rel: string): HalResource
  /**
   * `embedded(rel, 'many')`.
   * @throws {RelNotFoundError} @throws {MultiplicityError} as embedded().
   */
  embeddedMany (rel: string): HalResource[]
  /**
   * SPEC §11: the objects of the list field `field` as resources (copies).
   * @throws {HalFormatError} when `field` is missing or not a list of objects.
   */
  collection (field: string): HalResource[]
}

/**
 * SPEC §9: a resource a request returned (every requester method resolves to one): its
 * `_halchemy` is always there, so `customer._halchemy.response.status` needs no check.
 */
export interface FetchedResource extends HalResource {
  /** SPEC §9: the request sent, the response received and the error, if any. */
  readonly _halchemy: HalchemyMetadata
}

/**
 * Gives an object (e.g. one the program built or stored) the HAL helpers, in place; its
 * `_halchemy` is null (SPEC §11).
 * @returns the same object.
 * @throws {TypeError} when `obj` is not a non-array object.
 */
export declare function asResource<T extends object> (obj: T): T & HalResource

/**
 * SPEC §10: error handling as given to the constructor or the `errorHandling` setter;
 * the raiseOn* names are aliases of the raiseFor* ones.
 */
export interface ErrorHandlingSettings {
  /** Network failures reject (true, the default) or resolve with status 0 (false). */
  raiseForNetworkErrors?: boolean
  /** A status spec ('>399', '400-403, >404'); null (the default): no status rejects. */
  raiseForStatusCodes?: string | null
  /** Alias of raiseForNetworkErrors. */
  raiseOnNetworkError?: boolean
  /** Alias of raiseForNetworkErrors. */
  raiseOnNetworkErrors?: boolean
  /** Alias of raiseForNetworkErrors. */
  raiseForNetworkError?: boolean
  /** Alias of raiseForStatusCodes. */
  raiseOnStatusCodes?: string | null
}

/** SPEC §10: a live view of an Api's error handling (setting a field changes the Api). */
export declare class ErrorHandling {
  /** Network failures reject (true, the default) or resolve with status 0 (false). */
  raiseForNetworkErrors: boolean
  /**
   * A spec such as '>399' or '400-403, >404'; null raises on none (the default).
   * @throws {StatusSpecError} (on set) for a malformed spec.
   */
  raiseForStatusCodes: string | null
  /** Alias of raiseForNetworkErrors. */
  raiseOnNetworkError: boolean
  /** Alias of raiseForNetworkErrors. */
  raiseOnNetworkErrors: boolean
  /** Alias of raiseForNetworkErrors. */
  raiseForNetworkError: boolean
  /** Alias of raiseForStatusCodes. */
  raiseOnStatusCodes: string | null
  /** The two settings, as plain data. */
  toJSON (): { raiseForNetworkErrors: boolean, raiseForStatusCodes: string | null }
}

/**
 * SPEC §3: a prepared request for a GET, HEAD or OPTIONS (from `api.home`). Each `with*`
 * method sets something for this request only and returns the same requester (its own
 * type), so calls chain. A request method sends it and returns a promise that never
 * throws synchronously: every failure rejects it.
 */
export declare class ReadOnlyRequester {
  /** The Api this requester sends with (its settings are read at send time). */
  readonly api: Api
  /** The href as given or found in the link (a template until expanded). */
  readonly href: string
  /**
   * SPEC §4: values for the href's RFC 6570 template (all four levels); a link's href is
   * a template only when it says `templated` or values are given. undefined: left out.
   * Interface-typed objects are accepted ({@link JsonFields}).
   * @throws {TypeError} when `values` is not an object.
   */
  withTemplateValues<T extends object> (values: T & JsonFields<T>): this
  /**
   * SPEC §5: query parameters added to the URL; a list is written in the Api's
   * `parametersListStyle`. undefined: left out.
   * @throws {TypeError} when `parameters` is not an object.
   */
  withParameters<T extends object> (parameters: T & JsonFields<T>): this
  /**
   * SPEC §6: headers for this request only, over the Api's defaults; null removes a
   * default for this request. undefined: left out.
   * @throws {TypeError} when `headers` is not an object.
   */
  withHeaders (headers: Record<string, HeaderValue | undefined>): this
  /**
   * The URL that would be requested (template expanded, parameters added).
   * @throws {TemplateError} @throws {ParameterError} @throws {InvalidValueError} when it
   * cannot be built.
   */
  readonly url: string
  /**
   * SPEC §13: seconds for this request's whole call (redirects included) instead of the
   * Api's `timeout`; 0 or null: no timeout (as `api.timeout = null`); undefined: the Api's
   * again. A negative, NaN or infinite number makes the request reject with
   * InvalidValueError (the core's rule, as in Python).
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
  /**
   * SPEC §3, §9: sends a GET.
   * @returns the resource, with `_halchemy` (SPEC §9); an empty one when the body is not a
   * JSON object.
   * Rejects with: {@link NetworkError} (no response; when raiseForNetworkErrors, the
   * default), {@link TimeoutError} (a NetworkError: the timeout passed), {@link HTTPError}
   * (the status matched raiseForStatusCodes), {@link AbortError} (withSignal),
   * {@link TemplateError}, {@link ParameterError}, {@link HeaderError},
   * {@link SchemeError} (not http/https), {@link InvalidValueError} (a NUL, NaN...),
   * {@link HalchemyError} (code 'closed' after api.close(); 'json' for NaN in a value),
   * TypeError (a value JSON has no form for).
   */
  get (): Promise<FetchedResource>
  /** SPEC §3: sends a HEAD; resolves and rejects as {@link ReadOnlyRequester.get}. */
  head (): Promise<FetchedResource>
  /** SPEC §3: sends an OPTIONS; resolves and rejects as {@link ReadOnlyRequester.get}. */
  options (): Promise<FetchedResource>
}

/**
 * SPEC §3, §7, §8: a requester that may also change the resource (from `follow().to()`
 * or `usingEndpoint()`). A PUT, PATCH or DELETE of the resource's own URL sends its ETag
 * as If-Match (SPEC §8).
 */
export declare class Requester extends ReadOnlyRequester {
  /**
   * SPEC §8 refresh and apply again: a 412 to this PUT, PATCH or DELETE is answered by
   * GETting the resource for its current ETag and sending the change again, at most `n`
   * (an integer >= 0) times; `_halchemy.conflictRetries` says how many were made.
   * @throws {TypeError} for any other `n`.
   */
  withConflictRetry (n: number): this
  /**
   * SPEC §7, §9: sends a POST. `data`: bytes (Buffer, Uint8Array) are sent as they are
   * (`application/octet-stream` unless `contentType` says otherwise).
   * @param contentType the body's media type; form-encoded with
   * 'application/x-www-form-urlencoded'; null/absent: JSON (or octet-stream for bytes).
   * Resolves and rejects as {@link ReadOnlyRequester.get}.
   */
  post (data: Uint8Array, contentType?: string | null): Promise<FetchedResource>
  /**
   * SPEC §7: sends a POST with `data` as JSON (or form-encoded, see `contentType`); any
   * JSON-serialisable value, interface-typed objects included ({@link JsonCompatible}).
   * undefined/absent: no body; null: a JSON `null`. A non-JSON content type sends a string
   * as it is.
   * Resolves and rejects as {@link ReadOnlyRequester.get} (TypeError: a value JSON has no
   * form for; HalchemyError code 'json': NaN or Infinity).
   */
  post<T> (data?: T & JsonCompatible<T>, contentType?: string | null): Promise<FetchedResource>
  /**
   * SPEC §7, §8: sends a PUT of bytes, with If-Match when it replaces the resource itself.
   * Resolves and rejects as {@link Requester.patch}.
   */
  put (data: Uint8Array, contentType?: string | null): Promise<FetchedResource>
  /**
   * SPEC §7, §8: sends a PUT of `data` (as for post), with If-Match when it replaces the
   * resource itself. Resolves and rejects as {@link Requester.patch}.
   */
  put<T> (data?: T & JsonCompatible<T>, contentType?: string | null): Promise<FetchedResource>
  /**
   * SPEC §7, §8: sends a PATCH of bytes. Resolves and rejects as the JSON form.
   */
  patch (data: Uint8Array, contentType?: string | null): Promise<FetchedResource>
  /**
   * SPEC §7, §8: sends a PATCH of `data` (as for post), with If-Match when it changes the
   * resource itself. A stale ETag gives a 412 (resolved, unless raiseForStatusCodes says
   * otherwise or withConflictRetry retries it).
   * Rejects as {@link ReadOnlyRequester.get}, and with {@link MissingETagError} when
   * `requireIfMatch` is on and the resource has no ETag (nothing is sent).
   */
  patch<T> (data?: T & JsonCompatible<T>, contentType?: string | null): Promise<FetchedResource>
  /**
   * SPEC §8: sends a DELETE, with If-Match when it deletes the resource itself.
   * Resolves and rejects as {@link Requester.patch}.
   */
  delete (): Promise<FetchedResource>
}

/** SPEC §3, §11: `api.follow(resource)`, the links of one resource. */
export declare class Follower {
  /** The Api the requesters will send with. */
  readonly api: Api
  /** The resource whose `_links` are followed. */
  readonly resource: object
  /**
   * The link `rel` (SPEC §11), also found by CURIE or full URI through `_links.curies`. For
   * a rel holding a list, the first link that meets every criterion (a string is a name).
   * A deprecated link emits one warning per URL (code HALCHEMY_DEPRECATED_LINK).
   * @returns a requester for the link's href.
   * @throws {RelNotFoundError} when no link does.
   * @throws {HalFormatError} when `_links` or the link is malformed.
   * @throws {TypeError} for an unknown criterion.
   */
  to (rel: string, criteria?: LinkCriteria | string | null): Requester
}

/** SPEC §11: chooses a link from a rel's list by HAL link properties or 0-based position. */
export interface LinkCriteria {
  /** The link's `name`. */
  name?: string | null
  /** The link's `title`. */
  title?: string | null
  /** The link's `hreflang`. */
  hreflang?: string | null
  /** The link's `type` (a media type). */
  type?: string | null
  /** The link's `profile`. */
  profile?: string | null
  /** The 0-based position in the rel's list (after the other criteria). */
  index?: number | null
}

/**
 * SPEC §2 v2: any setting but baseUrl and headers, at construction. An unknown name is a
 * compile error here and a TypeError at run time; a value out of range an InvalidValueError.
 */
export interface ApiOptions {
  /** SPEC §5: how list-valued parameters are written ('repeat_key' by default). */
  parametersListStyle?: ListStyle
  /** SPEC §8: the body field holding the ETag when the header has none ('_etag'). */
  etagField?: string
  /** Seconds for the whole call, redirects included; 0 or null: no timeout. */
  timeout?: number | null
  /** Response body limit in bytes, a whole number >= 1 (64 MiB by default). */
  maxBody?: number
  /** SPEC §10: as the `errorHandling` setter. */
  errorHandling?: ErrorHandlingSettings
  /** SPEC §8: refuse a change of a resource with no ETag (MissingETagError). */
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
  /** The cookie's name. */
  name: string
  /** Its value. */
  value: string
  /** As libcurl keeps it: a leading '.' when the cookie covers subdomains. */
  domain: string
  /** The path it is sent for. */
  path: string
  /** Seconds since the epoch; null for a session cookie. */
  expires: number | null
  /** Sent over https only. */
  secure: boolean
}

/**
 * SPEC §2: the entry point: settings, default headers, a connection pool and a cookie jar.
 * Setters check their value in the core (one settings table for Python, JS and
 * `.halchemy`): a wrong type throws TypeError, a value out of range InvalidValueError.
 */
export declare class Api {
  /**
   * Defaults, then the .halchemy file, then these arguments (headers merge over).
   * @param baseUrl the API's root URL (hrefs resolve against it, SPEC §3); null: the file's.
   * @param headers default headers, merged over the built-in ones.
   * @param options any other setting by name ({@link ApiOptions}).
   * @throws {TypeError} for an unknown option name or a wrong type.
   * @throws {InvalidValueError} for a value out of range.
   * @throws {ConfigError} when the .halchemy file is malformed.
   */
  constructor (baseUrl?: string | null, headers?: Record<string, HeaderValue> | null, options?: ApiOptions | null)
  /**
   * SPEC §8: a PUT, PATCH or DELETE of a resource with no ETag to send rejects with
   * MissingETagError (nothing is sent) instead of going out without If-Match.
   */
  requireIfMatch: boolean
  /**
   * SPEC §2, §3: the URL hrefs are resolved against.
   * @throws {SchemeError} (on set) when not http or https.
   */
  baseUrl: string
  /** SPEC §5: how list-valued parameters are written. */
  parametersListStyle: ListStyle
  /** SPEC §8: the body field holding the ETag when the header has none. */
  etagField: string
  /** Seconds for the whole call, redirects included; 0 = no timeout (set null for none too). */
  get timeout (): number
  /**
   * @param seconds >= 0; 0 or null: no timeout.
   * @throws {TypeError} when not a number or null; {@link InvalidValueError} when < 0 or NaN.
   */
  set timeout (seconds: number | null)
  /**
   * Response body limit in bytes, a whole number >= 1 (64 MiB by default); a body over it
   * rejects with NetworkError code 'too_big'.
   * @throws {InvalidValueError} (on set) when not a whole number >= 1.
   */
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
  /** SPEC §10: a live view of the error handling settings. */
  get errorHandling (): ErrorHandling
  /**
   * SPEC §10: replaces the given error handling settings (others keep their values).
   * @throws {TypeError} for an unknown name or wrong type; {@link StatusSpecError} for a bad spec.
   */
  set errorHandling (settings: ErrorHandling | ErrorHandlingSettings)
  /** SPEC §6: a copy of the default headers (values as text). */
  get headers (): Record<string, string>
  /**
   * SPEC §6: replaces the default headers.
   * @throws {HeaderError} for a bad name or a CR/LF in a value.
   */
  set headers (headers: Record<string, HeaderValue>)
  /**
   * SPEC §6: adds (or replaces) default headers; a null value removes one.
   * @throws {HeaderError} for a bad name or a CR/LF in a value.
   */
  addHeaders (headers: Record<string, HeaderValue>): void
  /** SPEC §6: removes default headers by name (any case); absent names are ignored. */
  removeHeaders (names: string[] | string): void
  /** SPEC §3: a requester for the base URL (the API's home resource). */
  readonly home: ReadOnlyRequester
  /** The same as `home`. */
  readonly root: ReadOnlyRequester
  /**
   * SPEC §3: a requester for `url` (resolved against the base URL; an RFC 6570 template).
   * @throws {TypeError} when `url` is not a string.
   */
  usingEndpoint (url: string): Requester
  /**
   * SPEC §3: follows the links of `resource` (usually one a request returned).
   * @throws {TypeError} when `resource` is not an object.
   */
  follow (resource: object): Follower
}

/**
 * SPEC §10: every error of the package; `code` is the core's stable name ('template',
 * 'network', 'timeout', 'too_big', 'json', 'closed', 'aborted', ...).
 */
export declare class HalchemyError extends Error {
  constructor (message: string, code?: string, resource?: HalResource)
  /** The core's stable short name of the error's kind. */
  code: string
  /** The resource of the exchange, when there was one (HTTPError, NetworkError). */
  readonly resource?: HalResource
  /** `resource._halchemy`, when there was a resource. */
  readonly _halchemy?: HalchemyMetadata | null
}
/** SPEC §10: a status matched raiseForStatusCodes (code 'http'); carries the response. */
export declare class HTTPError extends HalchemyError {
  constructor (message: string, resource: HalResource)
  /** The resource the response gave (its body's fields). */
  readonly resource: FetchedResource
  /** The exchange: `e._halchemy.response.status`. */
  readonly _halchemy: HalchemyMetadata
}
/**
 * SPEC §10: no response (refused, DNS, TLS, timeout, closed mid-body, body over the
 * limit); `resource._halchemy.response.status` is 0.
 */
export declare class NetworkError extends HalchemyError {
  constructor (message: string, code?: string, resource?: HalResource)
}
/** SPEC §4: a malformed template or template value; nothing was sent. */
export declare class TemplateError extends HalchemyError {}
/** SPEC §5: a query parameter that cannot be written; nothing was sent. */
export declare class ParameterError extends HalchemyError {}
/** SPEC §6, §12: a bad header name or value (CR, LF, NUL); nothing was sent. */
export declare class HeaderError extends HalchemyError {}
/** SPEC §12: a URL (or redirect, proxy) scheme other than http/https; nothing was sent. */
export declare class SchemeError extends HalchemyError {}
/** SPEC §2: a malformed `.halchemy` file (the message names the file and line). */
export declare class ConfigError extends HalchemyError {}
/** SPEC §10: a malformed status spec for raiseForStatusCodes. */
export declare class StatusSpecError extends HalchemyError {}
/** SPEC §11: a resource that is not well-formed HAL for the helper called. */
export declare class HalFormatError extends HalchemyError {}
/** SPEC §11: `follow().to(rel)` or `embedded(rel)` found no such rel. */
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
  /** The signal's reason. */
  readonly cause?: unknown
}

/** The CommonJS module object (`require('halchemy')`), also the ESM default export. */
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
