// rules.cc: the core's pure rules as module functions: RFC 6570 expansion, HAL link
// lookup and well-formedness checks, status-code specs. Resources cross as JSON text, so
// JS never re-implements a HAL or template rule (node/lib/resource.js calls these).
#include <string>

#include "glue.h"

namespace {

Napi::Value Expand(const Napi::CallbackInfo &info) {
  bool has_tmpl, has_values;
  std::string tmpl = OptString(info, 0, &has_tmpl);
  std::string values = OptString(info, 1, &has_values);
  char *out = nullptr;
  hc_error err = {};
  if (hc_uritemplate_expand(tmpl.c_str(), has_values ? values.c_str() : nullptr, &out, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  Napi::String s = Napi::String::New(info.Env(), out);
  hc_free(out);
  return s;
}

// nonFiniteError(place, token) -> the HalchemyError (code 'json') the core gives for NaN,
// Infinity or -Infinity in a request value (SPEC §7 v2), for node/lib/json.js to throw:
// the same message as when the core finds the token in Python's JSON text. place: 'body',
// 'values', 'parameters' or 'headers'.
Napi::Value NonFiniteError(const Napi::CallbackInfo &info) {
  static const char *const places[] = {"body", "values", "parameters", "headers"};
  bool p;
  std::string place = OptString(info, 0, &p);
  std::string token = OptString(info, 1, &p);
  int which = HC_JSON_BODY;
  for (int i = 0; i < 4; i++)
    if (place == places[i]) which = i;
  hc_error err = {};
  hc_json_nonfinite_error(static_cast<hc_json_place>(which), token.c_str(), &err);
  return MakeError(info.Env(), err);
}

Napi::Value StrOrNull(Napi::Env env, const char *s) {
  return s ? Napi::Value(Napi::String::New(env, s)) : env.Null();
}

// halLink(linksJson, rel, criteriaJson?) -> [href, templated, selfHref | null,
// deprecation | null] (SPEC §11; hc_hal_find). The self href comes along because the
// If-Match rule (core, hc_if_match) compares the followed link with it.
Napi::Value HalLink(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  bool p, has_links, has_criteria;
  std::string links = OptString(info, 0, &has_links);
  std::string rel = OptString(info, 1, &p);
  std::string criteria = OptString(info, 2, &has_criteria);
  hc_link link;
  hc_error err = {};
  if (hc_hal_find(has_links ? links.c_str() : nullptr, rel.c_str(),
                  has_criteria ? criteria.c_str() : nullptr, &link, &err) != HC_OK)
    return ThrowCoreError(env, err);
  Napi::Array r = Napi::Array::New(env, 4);
  r.Set(0u, Napi::String::New(env, link.href));
  r.Set(1u, Napi::Boolean::New(env, link.templated));
  r.Set(2u, StrOrNull(env, link.self_href));
  r.Set(3u, StrOrNull(env, link.deprecation));
  hc_link_clear(&link);
  return r;
}

// halHasRel(linksJson?, rel) -> boolean, CURIEs included (hc_hal_has_rel).
Napi::Value HalHasRel(const Napi::CallbackInfo &info) {
  bool p, has_links;
  std::string links = OptString(info, 0, &has_links);
  std::string rel = OptString(info, 1, &p);
  int has = 0;
  hc_error err = {};
  if (hc_hal_has_rel(has_links ? links.c_str() : nullptr, rel.c_str(), &has, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  return Napi::Boolean::New(info.Env(), has != 0);
}

// deprecationNotice(url, deprecation) -> the warning text, or null when already given.
Napi::Value DeprecationNotice(const Napi::CallbackInfo &info) {
  bool p;
  std::string url = OptString(info, 0, &p);
  std::string dep = OptString(info, 1, &p);
  char *notice = hc_deprecation_notice(url.c_str(), dep.c_str());
  Napi::Value v = StrOrNull(info.Env(), notice);
  hc_free(notice);
  return v;
}

// urlResolve(base, document | null, href) -> string (SPEC §3; for the shared vectors).
Napi::Value UrlResolve(const Napi::CallbackInfo &info) {
  bool p, has_doc;
  std::string base = OptString(info, 0, &p);
  std::string doc = OptString(info, 1, &has_doc);
  std::string href = OptString(info, 2, &p);
  char *out = nullptr;
  hc_error err = {};
  if (hc_url_resolve(base.c_str(), has_doc ? doc.c_str() : nullptr, href.c_str(), &out, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  Napi::String s = Napi::String::New(info.Env(), out);
  hc_free(out);
  return s;
}

// encodeReference(href) -> string (SPEC §4 v2; for the shared vectors).
Napi::Value EncodeReference(const Napi::CallbackInfo &info) {
  bool p;
  std::string href = OptString(info, 0, &p);
  char *out = nullptr;
  hc_error err = {};
  if (hc_url_encode_reference(href.c_str(), &out, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  Napi::String s = Napi::String::New(info.Env(), out);
  hc_free(out);
  return s;
}

Napi::Value HalCheck(const Napi::CallbackInfo &info) {
  bool p;
  std::string json = OptString(info, 0, &p);
  hc_error err = {};
  if (hc_hal_check(json.c_str(), &err) != HC_OK) return ThrowCoreError(info.Env(), err);
  return info.Env().Undefined();
}

// halEmbedded(resourceJson, rel, expect?) -> 'one' | 'many'.
Napi::Value HalEmbedded(const Napi::CallbackInfo &info) {
  bool p, has_expect;
  std::string json = OptString(info, 0, &p);
  std::string rel = OptString(info, 1, &p);
  std::string expect = OptString(info, 2, &has_expect);
  hc_multiplicity want = HC_ANY, found = HC_ANY;
  hc_error err = {};
  if (hc_multiplicity_parse(has_expect ? expect.c_str() : nullptr, &want, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  if (hc_hal_embedded(json.c_str(), rel.c_str(), want, &found, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  return Napi::String::New(info.Env(), found == HC_MANY ? "many" : "one");
}

Napi::Value HalCollection(const Napi::CallbackInfo &info) {
  bool p;
  std::string json = OptString(info, 0, &p);
  std::string field = OptString(info, 1, &p);
  hc_error err = {};
  if (hc_hal_collection(json.c_str(), field.c_str(), &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  return info.Env().Undefined();
}

// statusMatches(spec | null, status) -> boolean; a malformed spec throws.
Napi::Value StatusMatches(const Napi::CallbackInfo &info) {
  bool has_spec;
  std::string spec = OptString(info, 0, &has_spec);
  int status = info[1].IsNumber() ? info[1].As<Napi::Number>().Int32Value() : 0;
  int match = 0;
  hc_error err = {};
  if (hc_status_matches(has_spec ? spec.c_str() : nullptr, status, &match, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  return Napi::Boolean::New(info.Env(), match != 0);
}

// ifMatch(method, linkHref, selfHref?, etagHeader?, etagValue?, etagSource?) -> string | null: the SPEC §8
// rule by itself, for the shared vectors (requests apply it inside hc_transfer_new).
Napi::Value IfMatch(const Napi::CallbackInfo &info) {
  bool p[5];
  std::string a[5];
  for (size_t i = 0; i < 5; i++) a[i] = OptString(info, i, &p[i]);
  bool has_source;
  std::string source = OptString(info, 5, &has_source);
  char *field = hc_etag_field_exact(p[4] ? a[4].c_str() : nullptr,
                                    has_source ? source.c_str() : nullptr, "_etag");
  const char *r = hc_if_match(a[0].c_str(), a[1].c_str(), p[2] ? a[2].c_str() : nullptr,
                              p[3] ? a[3].c_str() : nullptr, field);
  Napi::Value v = StrOrNull(info.Env(), r);
  hc_free(field);
  return v;
}

// httpErrorMessage(method, url, status, reason) -> the HTTPError message (SPEC §10).
Napi::Value HttpErrorMessage(const Napi::CallbackInfo &info) {
  bool p;
  std::string method = OptString(info, 0, &p);
  std::string url = OptString(info, 1, &p);
  int status = info[2].IsNumber() ? info[2].As<Napi::Number>().Int32Value() : 0;
  std::string reason = OptString(info, 3, &p);
  char *msg = hc_http_error_message(method.c_str(), url.c_str(), status, reason.c_str());
  Napi::Value v = StrOrNull(info.Env(), msg);
  hc_free(msg);
  return v;
}

}  // namespace

void InitRules(Napi::Env env, Napi::Object exports) {
  exports.Set("expand", Napi::Function::New(env, Expand, "expand"));
  exports.Set("nonFiniteError", Napi::Function::New(env, NonFiniteError, "nonFiniteError"));
  exports.Set("halLink", Napi::Function::New(env, HalLink, "halLink"));
  exports.Set("halHasRel", Napi::Function::New(env, HalHasRel, "halHasRel"));
  exports.Set("deprecationNotice", Napi::Function::New(env, DeprecationNotice, "deprecationNotice"));
  exports.Set("urlResolve", Napi::Function::New(env, UrlResolve, "urlResolve"));
  exports.Set("encodeReference", Napi::Function::New(env, EncodeReference, "encodeReference"));
  exports.Set("halCheck", Napi::Function::New(env, HalCheck, "halCheck"));
  exports.Set("halEmbedded", Napi::Function::New(env, HalEmbedded, "halEmbedded"));
  exports.Set("halCollection", Napi::Function::New(env, HalCollection, "halCollection"));
  exports.Set("ifMatch", Napi::Function::New(env, IfMatch, "ifMatch"));
  exports.Set("httpErrorMessage", Napi::Function::New(env, HttpErrorMessage, "httpErrorMessage"));
  exports.Set("statusMatches", Napi::Function::New(env, StatusMatches, "statusMatches"));
}
