// Type declarations of the halchemy Node package.

export type ListStyle = 'repeat_key' | 'bracket' | 'index' | 'comma' | 'pipe'
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface CaseInsensitiveHeaders {
  [name: string]: string | ((name: string) => string | undefined)
  get (name: string): string | undefined
}

export interface HalchemyRequest {
  method: string
  url: string
  headers: CaseInsensitiveHeaders
  body: string | null
}

export interface HalchemyResponse {
  status: number
  readonly statusCode: number
  readonly status_code: number
  reason: string
  headers: CaseInsensitiveHeaders
  body: Json | string
  url: string
}

export declare class HalchemyMetadata {
  request: HalchemyRequest
  response: HalchemyResponse
  error: Error | null
  raiseForStatusCodes (settings?: string): void
}

export declare const Multiplicity: { readonly ONE: 'one', readonly MANY: 'many' }

export declare class HalResource {
  [field: string]: any
  readonly _halchemy: HalchemyMetadata
  readonly links: string[]
  hasRel (rel: string): boolean
  embeddedRels (): string[]
  hasEmbedded (rel: string): boolean
  embedded (rel: string, expect?: 'one' | 'many'): HalResource | HalResource[]
  embeddedOne (rel: string): HalResource
  embeddedMany (rel: string): HalResource[]
  collection (field: string): HalResource[]
}

export declare class ErrorHandling {
  raiseForNetworkErrors: boolean
  raiseForStatusCodes: string | null
  raiseOnNetworkError: boolean
  raiseOnStatusCodes: string | null
}

export declare class ReadOnlyRequester {
  withTemplateValues (values: Record<string, Json>): this
  withParameters (parameters: Record<string, Json>): this
  withHeaders (headers: Record<string, string | number | boolean | null>): this
  readonly url: string
  get (): Promise<HalResource>
  head (): Promise<HalResource>
  options (): Promise<HalResource>
}

export declare class Requester extends ReadOnlyRequester {
  post (data?: Json, contentType?: string): Promise<HalResource>
  put (data?: Json, contentType?: string): Promise<HalResource>
  patch (data?: Json, contentType?: string): Promise<HalResource>
  delete (): Promise<HalResource>
}

export declare class Follower {
  to (rel: string, options?: { name?: string } | string): Requester
}

export declare class Api {
  constructor (baseUrl?: string, headers?: Record<string, string>)
  baseUrl: string
  parametersListStyle: ListStyle
  etagField: string
  timeout: number
  maxBody: number
  errorHandling: ErrorHandling
  headers: Record<string, string>
  addHeaders (headers: Record<string, string>): void
  removeHeaders (names: string[] | string): void
  readonly home: ReadOnlyRequester
  readonly root: ReadOnlyRequester
  usingEndpoint (url: string): Requester
  follow (resource: object): Follower
}

export declare class HalchemyError extends Error {
  code: string
  resource?: HalResource
  readonly _halchemy?: HalchemyMetadata
}
export declare class HTTPError extends HalchemyError {}
export declare class NetworkError extends HalchemyError {}
export declare class TemplateError extends HalchemyError {}
export declare class ParameterError extends HalchemyError {}
export declare class HeaderError extends HalchemyError {}
export declare class SchemeError extends HalchemyError {}
export declare class ConfigError extends HalchemyError {}
export declare class StatusSpecError extends HalchemyError {}
export declare class HalFormatError extends HalchemyError {}
export declare class RelNotFoundError extends HalchemyError {}
export declare class MultiplicityError extends TypeError { code: string }
