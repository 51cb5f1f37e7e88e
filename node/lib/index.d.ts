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

export declare class HalchemyMetadata {
  constructor (request: HalchemyRequest, response: HalchemyResponse, error: Error | null, resource: object, conflictRetries?: number)
  request: HalchemyRequest
  response: HalchemyResponse
  error: HalchemyError | null
  /** SPEC §8: how many times a 412 was answered by refreshing the ETag and sending again. */
  conflictRetries: number
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
}
export default halchemy
