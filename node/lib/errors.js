// errors.js: halchemy's error classes, and the factory native code is handed at load time
// so that every core failure becomes one of these real Errors with a stable string `code`
// (the names of hc_code_name in csrc/util.c: 'template', 'header', 'network', ...).
'use strict'

const native = require('./native')

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
// SPEC §10 (v2): embedded(rel, expect) found one where many was expected or back. A
// HalchemyError like every error of halchemy's own.
class MultiplicityError extends HalchemyError {}
// Out-of-range values and the like (Python: also a ValueError).
class InvalidValueError extends HalchemyError {}
// No response within the timeout: one deadline for the whole call (SPEC §12).
class TimeoutError extends NetworkError {}
// SPEC §13 withSignal: the program aborted the request. Named 'AbortError' as fetch's is, so
// `err.name === 'AbortError'` tells it apart; a HalchemyError (code 'aborted') so a program
// catching halchemy's errors catches it; not a NetworkError (nothing failed: retry logic for
// network errors must not retry it). `cause` is the signal's reason, as Node's own
// AbortError carries it. JS only: no core code, so not in the errors table.
class AbortError extends HalchemyError {
  constructor (message = 'The request was aborted', options = undefined) {
    super(message, 'aborted')
    if (options && 'cause' in options) hide(this, 'cause', options.cause)
  }
}

const CLASSES = {
  HalchemyError,
  HTTPError,
  NetworkError,
  TimeoutError,
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
  InvalidValueError,
  AbortError,
  TypeError // the language's own, for a wrong argument type or an unknown option
}

// code -> class, from the core's one table (SPEC §10; tests/vectors/errors.json). Loading
// fails when a class strays from it, so the two languages cannot drift apart.
function classesFromTable (table) {
  const byCode = {}
  for (const kind of table) {
    const Cls = CLASSES[kind.class]
    const Parent = kind.parent === null ? null : CLASSES[kind.parent]
    if (!Cls || (Parent && !(Cls === Parent || Cls.prototype instanceof Parent))) {
      throw new Error(`halchemy: ${kind.class} does not derive from ${kind.parent} (SPEC §10)`)
    }
    byCode[kind.code] = Cls
  }
  return byCode
}
const BY_CODE = classesFromTable(JSON.parse(native.errorsTable()))

// (code, message) => Error; the function native code calls for every core error.
function makeError (code, message) {
  const Cls = BY_CODE[code] || HalchemyError
  if (!(Cls === HalchemyError || Cls.prototype instanceof HalchemyError)) {
    return Object.assign(new Cls(message), { code })
  }
  const err = new Cls(message)
  err.code = code
  return err
}

// Every class above (the language's own TypeError aside), and the factory.
const { TypeError: _own, ...exported } = CLASSES // eslint-disable-line no-unused-vars
module.exports = { ...exported, makeError }
