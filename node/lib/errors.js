// errors.js: halchemy's error classes, and the factory native code is handed at load time
// so that every core failure becomes one of these real Errors with a stable string `code`
// (the names of hc_code_name in csrc/util.c: 'template', 'header', 'network', ...).
'use strict'

// Non-enumerable so that logging an error does not print a whole resource.
function hide (target, name, value) {
  Object.defineProperty(target, name, { value, enumerable: false, writable: true, configurable: true })
}

class HalchemyError extends Error {
  constructor (message, code = 'error', resource = undefined) {
    super(message)
    hide(this, 'name', new.target.name)
    this.code = code
    if (resource !== undefined) {
      hide(this, 'resource', resource)
      hide(this, '_halchemy', resource === null ? null : resource._halchemy)
    }
  }
}

// The two errors SPEC §10 names; both carry the resource and its `_halchemy`.
class HTTPError extends HalchemyError {
  constructor (message, resource) { super(message, 'http', resource) }
}
class NetworkError extends HalchemyError {
  constructor (message, code = 'network', resource = undefined) { super(message, code, resource) }
}

// Refused input: nothing was sent.
class TemplateError extends HalchemyError {}
class ParameterError extends HalchemyError {}
class HeaderError extends HalchemyError {}
class SchemeError extends HalchemyError {}
class ConfigError extends HalchemyError {}
class StatusSpecError extends HalchemyError {}
// HAL helpers: a malformed resource, a missing rel (SPEC: an Error naming the rel).
class HalFormatError extends HalchemyError {}
class RelNotFoundError extends HalchemyError {}
// SPEC §8 (v2) require_if_match: a change of a resource with no ETag to send; nothing sent.
class MissingETagError extends HalchemyError {}
// embedded(rel, expect) found one where many was expected or back: SPEC says TypeError.
class MultiplicityError extends TypeError {
  constructor (message, code = 'expect') {
    super(message)
    hide(this, 'name', 'MultiplicityError')
    this.code = code
  }
}

const BY_CODE = {
  template: TemplateError,
  parameters: ParameterError,
  header: HeaderError,
  scheme: SchemeError,
  config: ConfigError,
  status_spec: StatusSpecError,
  hal: HalFormatError,
  no_rel: RelNotFoundError,
  expect: MultiplicityError,
  network: NetworkError,
  timeout: NetworkError,
  too_big: NetworkError,
  missing_etag: MissingETagError
}

// (code, message) => Error; the function native code calls for every core error. A wrong
// argument type or an unknown option ('argument') is the language's own TypeError.
function makeError (code, message) {
  if (code === 'argument') return Object.assign(new TypeError(message), { code })
  const Cls = BY_CODE[code] || HalchemyError
  return new Cls(message, code)
}

module.exports = {
  HalchemyError,
  HTTPError,
  NetworkError,
  TemplateError,
  ParameterError,
  HeaderError,
  SchemeError,
  ConfigError,
  StatusSpecError,
  HalFormatError,
  RelNotFoundError,
  MultiplicityError,
  MissingETagError,
  makeError
}
