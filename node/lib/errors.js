// errors.js: the error classes of halchemy, and the factory native code calls to make the
// right one for a core error code (the names of hc_code_name in csrc/util.c).
'use strict'

class HalchemyError extends Error {
  constructor (message, resource) {
    super(message)
    this.name = this.constructor.name
    this.code = 'error'
    if (resource !== undefined) {
      Object.defineProperty(this, 'resource', { value: resource, enumerable: false, writable: true })
    }
  }

  get _halchemy () { return this.resource ? this.resource._halchemy : undefined }
}

class HTTPError extends HalchemyError {}
class NetworkError extends HalchemyError {}
class TemplateError extends HalchemyError {}
class ParameterError extends HalchemyError {}
class HeaderError extends HalchemyError {}
class SchemeError extends HalchemyError {}
class ConfigError extends HalchemyError {}
class StatusSpecError extends HalchemyError {}
class HalFormatError extends HalchemyError {}
class RelNotFoundError extends HalchemyError {}
class MultiplicityError extends TypeError {
  constructor (message) {
    super(message)
    this.name = 'MultiplicityError'
    this.code = 'expect'
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
  too_big: NetworkError
}

function makeError (code, message, resource) {
  const Cls = BY_CODE[code] || HalchemyError
  const err = new Cls(message, resource)
  err.code = code
  return err
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
  makeError
}
