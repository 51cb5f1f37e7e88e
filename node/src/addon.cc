// addon.cc: the halchemy native module: its functions over the core's pure rules (templates,
// HAL lookups, status specs), the error factory hook, and per-environment setup/teardown.
#include "glue.h"

#include <string>

AddonData *GetData(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

Napi::Value MakeError(Napi::Env env, const hc_error &err) {
  AddonData *data = GetData(env);
  if (data && !data->error_factory.IsEmpty()) {
    Napi::Value e = data->error_factory.Call({Napi::String::New(env, hc_code_name(err.code)),
                                              Napi::String::New(env, err.message)});
    if (!env.IsExceptionPending()) return e;
  }
  Napi::Error e = Napi::Error::New(env, err.message);
  e.Set("code", Napi::String::New(env, hc_code_name(err.code)));
  return e.Value();
}

Napi::Value ThrowCoreError(Napi::Env env, const hc_error &err) {
  if (!env.IsExceptionPending()) {
    Napi::Value e = MakeError(env, err);
    napi_throw(env, e);
  }
  return env.Undefined();
}

Napi::Array HeadersArray(Napi::Env env, const hc_headers *h) {
  size_t n = h ? hc_headers_count(h) : 0;
  Napi::Array out = Napi::Array::New(env, 2 * n);
  for (size_t i = 0; i < n; i++) {
    out.Set(static_cast<uint32_t>(2 * i), Napi::String::New(env, hc_headers_name(h, i)));
    out.Set(static_cast<uint32_t>(2 * i + 1), Napi::String::New(env, hc_headers_value(h, i)));
  }
  return out;
}

// Optional string argument: undefined/null -> empty and *present=false.
static std::string OptString(const Napi::CallbackInfo &info, size_t i, bool *present) {
  *present = info.Length() > i && info[i].IsString();
  return *present ? info[i].As<Napi::String>().Utf8Value() : std::string();
}

static Napi::Value SetErrorFactory(const Napi::CallbackInfo &info) {
  if (!info[0].IsFunction()) {
    Napi::TypeError::New(info.Env(), "the error factory must be a function").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  GetData(info.Env())->error_factory = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

static Napi::Value Expand(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  bool has_tmpl, has_values;
  std::string tmpl = OptString(info, 0, &has_tmpl), values = OptString(info, 1, &has_values);
  char *out = nullptr;
  hc_error err = {};
  if (hc_uritemplate_expand(tmpl.c_str(), has_values ? values.c_str() : nullptr, &out, &err) != HC_OK)
    return ThrowCoreError(env, err);
  Napi::String s = Napi::String::New(env, out);
  hc_free(out);
  return s;
}

// [href, templated, selfHref|null] of rel in a _links JSON text.
static Napi::Value FollowLink(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  bool p1, p2, has_name;
  std::string links = OptString(info, 0, &p1), rel = OptString(info, 1, &p2);
  std::string name = OptString(info, 2, &has_name);
  char *href = nullptr, *self_href = nullptr;
  int templated = 0, self_templated = 0;
  hc_error err = {};
  if (hc_hal_link(links.c_str(), rel.c_str(), has_name ? name.c_str() : nullptr, &href, &templated, &err) != HC_OK)
    return ThrowCoreError(env, err);
  hc_error ignored = {};
  if (hc_hal_link(links.c_str(), "self", nullptr, &self_href, &self_templated, &ignored) != HC_OK)
    self_href = nullptr;
  Napi::Array r = Napi::Array::New(env, 3);
  r.Set(0u, Napi::String::New(env, href));
  r.Set(1u, Napi::Boolean::New(env, templated));
  r.Set(2u, self_href ? Napi::Value(Napi::String::New(env, self_href)) : env.Null());
  hc_free(href);
  hc_free(self_href);
  return r;
}

static Napi::Value HalCheck(const Napi::CallbackInfo &info) {
  bool p;
  std::string json = OptString(info, 0, &p);
  hc_error err = {};
  if (hc_hal_check(json.c_str(), &err) != HC_OK) return ThrowCoreError(info.Env(), err);
  return info.Env().Undefined();
}

static Napi::Value HalEmbedded(const Napi::CallbackInfo &info) {
  bool p1, p2, has_expect;
  std::string json = OptString(info, 0, &p1), rel = OptString(info, 1, &p2);
  std::string expect = OptString(info, 2, &has_expect);
  hc_multiplicity want = HC_ANY, found = HC_ANY;
  if (has_expect) want = expect == "many" ? HC_MANY : HC_ONE;
  hc_error err = {};
  if (hc_hal_embedded(json.c_str(), rel.c_str(), want, &found, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  return Napi::String::New(info.Env(), found == HC_MANY ? "many" : "one");
}

static Napi::Value HalCollection(const Napi::CallbackInfo &info) {
  bool p1, p2;
  std::string json = OptString(info, 0, &p1), field = OptString(info, 1, &p2);
  hc_error err = {};
  if (hc_hal_collection(json.c_str(), field.c_str(), &err) != HC_OK) return ThrowCoreError(info.Env(), err);
  return info.Env().Undefined();
}

static Napi::Value StatusMatches(const Napi::CallbackInfo &info) {
  bool has_spec;
  std::string spec = OptString(info, 0, &has_spec);
  int match = 0;
  hc_error err = {};
  if (hc_status_matches(has_spec ? spec.c_str() : nullptr, info[1].As<Napi::Number>().Int32Value(), &match, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  return Napi::Boolean::New(info.Env(), match);
}

static void Cleanup(void *arg) {
  AddonData *data = static_cast<AddonData *>(arg);
  LoopDelete(data->loop);
  data->loop = nullptr;
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  AddonData *data = new AddonData();
  env.SetInstanceData(data);
  data->loop = LoopNew(env);
  napi_add_env_cleanup_hook(env, Cleanup, data);
  exports.Set("setErrorFactory", Napi::Function::New(env, SetErrorFactory));
  exports.Set("expand", Napi::Function::New(env, Expand));
  exports.Set("followLink", Napi::Function::New(env, FollowLink));
  exports.Set("halCheck", Napi::Function::New(env, HalCheck));
  exports.Set("halEmbedded", Napi::Function::New(env, HalEmbedded));
  exports.Set("halCollection", Napi::Function::New(env, HalCollection));
  exports.Set("statusMatches", Napi::Function::New(env, StatusMatches));
  exports.Set("Api", InitApiClass(env));
  return exports;
}

NODE_API_MODULE(halchemy, Init)
