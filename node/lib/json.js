// json.js: JS values as JSON text for the core (SPEC §7 v2). JSON.stringify writes NaN and
// ±Infinity as null and silently drops functions and symbols; here a non-finite number is
// refused with the core's own HalchemyError (code 'json', the message Python gives for the
// same value), and a function or symbol is a TypeError, as a BigInt or a cycle already is.
// Nothing is sent in either case. (`undefined` members are left out, as JSON.stringify does.)
'use strict'

const native = require('./native')

const WHAT = { body: 'the request body', values: 'template values', parameters: 'query parameters', headers: 'headers' }

function replacerFor (place) {
  return function (key, value) {
    switch (typeof value) {
      case 'number':
        if (value - value !== 0) throw native.nonFiniteError(place, String(value)) // NaN, ±Infinity
        return value
      case 'function':
      case 'symbol':
        throw new TypeError(`a ${typeof value} cannot be sent as JSON (in ${WHAT[place]})`)
      default:
        return value
    }
  }
}

const REPLACERS = {}
for (const place of Object.keys(WHAT)) REPLACERS[place] = replacerFor(place)

// The JSON text of `value` for a place: 'body', 'values', 'parameters' or 'headers'.
function toJson (value, place) {
  return JSON.stringify(value, REPLACERS[place])
}

module.exports = { toJson }
