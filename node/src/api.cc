// api.cc: the native Api class over hc_api: settings as accessors, default headers, url()
// and request(), which builds a transfer (synchronous errors throw here, nothing is sent)
// and hands it to the event-loop driver (loop.cc). node/lib/index.js validates arguments.
#include <string>

#include "glue.h"

void ApiRelease(ApiRef *ref) {
  if (ref && --ref->refs == 0) {
    hc_api_delete(ref->api);
    delete ref;
  }
}

namespace {

class NativeApi : public Napi::ObjectWrap<NativeApi> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit NativeApi(const Napi::CallbackInfo &info);
  ~NativeApi() override { ApiRelease(ref_); }

 private:
  ApiRef *ref_ = nullptr;
  hc_api *api_ = nullptr;  // ref_->api, or NULL when construction failed

  Napi::Value GetStr(char *(*get)(hc_api *));
  void SetStr(const Napi::CallbackInfo &info, const Napi::Value &v,
              hc_code (*set)(hc_api *, const char *, hc_error *), bool nullable);

  Napi::Value GetBaseUrl(const Napi::CallbackInfo &) { return GetStr(hc_api_base_url); }
  void SetBaseUrl(const Napi::CallbackInfo &i, const Napi::Value &v) { SetStr(i, v, hc_api_set_base_url, false); }
  Napi::Value GetListStyle(const Napi::CallbackInfo &) { return GetStr(hc_api_list_style); }
  void SetListStyle(const Napi::CallbackInfo &i, const Napi::Value &v) { SetStr(i, v, hc_api_set_list_style, false); }
  Napi::Value GetEtagField(const Napi::CallbackInfo &) { return GetStr(hc_api_etag_field); }
  void SetEtagField(const Napi::CallbackInfo &i, const Napi::Value &v) { SetStr(i, v, hc_api_set_etag_field, false); }
  Napi::Value GetRaiseStatus(const Napi::CallbackInfo &) { return GetStr(hc_api_raise_status); }
  void SetRaiseStatus(const Napi::CallbackInfo &i, const Napi::Value &v) { SetStr(i, v, hc_api_set_raise_status, true); }
  Napi::Value GetHeadersJson(const Napi::CallbackInfo &) { return GetStr(hc_api_headers_json); }

  Napi::Value GetTimeout(const Napi::CallbackInfo &i) { return Napi::Number::New(i.Env(), hc_api_timeout(api_)); }
  void SetTimeout(const Napi::CallbackInfo &i, const Napi::Value &v) { SetNumber(i, v, hc_api_set_timeout); }
  Napi::Value GetMaxBody(const Napi::CallbackInfo &i) { return Napi::Number::New(i.Env(), hc_api_max_body(api_)); }
  void SetMaxBody(const Napi::CallbackInfo &i, const Napi::Value &v) { SetNumber(i, v, hc_api_set_max_body); }
  void SetNumber(const Napi::CallbackInfo &i, const Napi::Value &v, hc_code (*set)(hc_api *, double, hc_error *));

  Napi::Value GetRaiseNetwork(const Napi::CallbackInfo &i) { return Napi::Boolean::New(i.Env(), hc_api_raise_network(api_)); }
  Napi::Value GetRequireIfMatch(const Napi::CallbackInfo &i) { return Napi::Boolean::New(i.Env(), hc_api_require_if_match(api_)); }
  void SetRequireIfMatch(const Napi::CallbackInfo &, const Napi::Value &v) { hc_api_set_require_if_match(api_, v.ToBoolean().Value()); }
  void SetRaiseNetwork(const Napi::CallbackInfo &, const Napi::Value &v) { hc_api_set_raise_network(api_, v.ToBoolean().Value()); }

  Napi::Value CallJson(const Napi::CallbackInfo &info, hc_code (*fn)(hc_api *, const char *, hc_error *));
  Napi::Value ReplaceHeaders(const Napi::CallbackInfo &i) { return CallJson(i, hc_api_replace_headers); }
  Napi::Value MergeHeaders(const Napi::CallbackInfo &i) { return CallJson(i, hc_api_merge_headers); }
  Napi::Value LoadConfig(const Napi::CallbackInfo &i) { return CallJson(i, hc_api_load_config); }
  Napi::Value RemoveHeader(const Napi::CallbackInfo &info);
  Napi::Value Url(const Napi::CallbackInfo &info);
  Napi::Value Request(const Napi::CallbackInfo &info);
};

// The request arguments: (method, url, templateValues, parameters, headers, data,
// contentType, selfHref, etagHeader, etagValue, documentUrl, etagSource), strings or
// null/undefined, then linkLiteral (boolean) and conflictRetries (number). The strings
// are copied here and live as long as this object: short ones (nearly all) into a buffer
// of their own with one N-API call, longer ones onto the heap.
struct Opts {
  static constexpr size_t kArgs = 12, kShort = 256;
  char small[kArgs][kShort];
  std::string big[kArgs];
  hc_request_opts o = {};
  explicit Opts(const Napi::CallbackInfo &info) {
    const char **slots[kArgs] = {&o.method, &o.url, &o.template_values, &o.parameters, &o.headers,
                                 &o.data, &o.content_type, &o.self_href, &o.etag_header, &o.etag_value,
                                 &o.document_url, &o.etag_source};
    napi_env env = info.Env();
    for (size_t i = 0; i < kArgs && i < info.Length(); i++) {
      napi_valuetype type;
      if (napi_typeof(env, info[i], &type) != napi_ok || type != napi_string) continue;
      size_t len = 0;
      if (napi_get_value_string_utf8(env, info[i], small[i], kShort, &len) != napi_ok) continue;
      if (len + 1 < kShort) {
        *slots[i] = small[i];
      } else {  // may have been cut: copy it whole
        big[i] = info[i].As<Napi::String>().Utf8Value();
        *slots[i] = big[i].c_str();
      }
    }
    if (info.Length() > kArgs) o.link_literal = info[kArgs].ToBoolean().Value() ? 1 : 0;
    if (info.Length() > kArgs + 1 && info[kArgs + 1].IsNumber())
      o.conflict_retries = info[kArgs + 1].As<Napi::Number>().Int32Value();
    if (!o.method) o.method = "GET";
    if (!o.url) o.url = "";
  }
};

Napi::Function NativeApi::Define(Napi::Env env) {
  return DefineClass(env, "NativeApi", {
    InstanceAccessor<&NativeApi::GetBaseUrl, &NativeApi::SetBaseUrl>("baseUrl"),
    InstanceAccessor<&NativeApi::GetListStyle, &NativeApi::SetListStyle>("parametersListStyle"),
    InstanceAccessor<&NativeApi::GetEtagField, &NativeApi::SetEtagField>("etagField"),
    InstanceAccessor<&NativeApi::GetRaiseStatus, &NativeApi::SetRaiseStatus>("raiseStatus"),
    InstanceAccessor<&NativeApi::GetRaiseNetwork, &NativeApi::SetRaiseNetwork>("raiseNetwork"),
    InstanceAccessor<&NativeApi::GetTimeout, &NativeApi::SetTimeout>("timeout"),
    InstanceAccessor<&NativeApi::GetRequireIfMatch, &NativeApi::SetRequireIfMatch>("requireIfMatch"),
    InstanceAccessor<&NativeApi::GetMaxBody, &NativeApi::SetMaxBody>("maxBody"),
    InstanceAccessor<&NativeApi::GetHeadersJson>("headersJson"),
    InstanceMethod<&NativeApi::ReplaceHeaders>("replaceHeaders"),
    InstanceMethod<&NativeApi::MergeHeaders>("mergeHeaders"),
    InstanceMethod<&NativeApi::RemoveHeader>("removeHeader"),
    InstanceMethod<&NativeApi::LoadConfig>("loadConfig"),
    InstanceMethod<&NativeApi::Url>("url"),
    InstanceMethod<&NativeApi::Request>("request"),
  });
}

NativeApi::NativeApi(const Napi::CallbackInfo &info) : Napi::ObjectWrap<NativeApi>(info) {
  bool load = !(info.Length() > 0 && info[0].IsBoolean() && !info[0].As<Napi::Boolean>().Value());
  hc_error err = {};
  hc_code rc = load ? hc_api_new(&api_, &err) : hc_api_new_default(&api_, &err);
  if (rc != HC_OK) {
    api_ = nullptr;
    ThrowCoreError(info.Env(), err);
    return;
  }
  ref_ = new ApiRef();
  ref_->api = api_;
}

Napi::Value NativeApi::GetStr(char *(*get)(hc_api *)) {
  char *s = get(api_);
  Napi::Value v = Napi::String::New(Env(), s ? s : "");
  hc_free(s);
  return v;
}

void NativeApi::SetStr(const Napi::CallbackInfo &info, const Napi::Value &v,
                       hc_code (*set)(hc_api *, const char *, hc_error *), bool nullable) {
  hc_error err = {};
  if ((v.IsNull() || v.IsUndefined()) && nullable) {
    if (set(api_, nullptr, &err) != HC_OK) ThrowCoreError(info.Env(), err);
    return;
  }
  if (!v.IsString()) {
    Napi::TypeError::New(info.Env(), "expected a string").ThrowAsJavaScriptException();
    return;
  }
  std::string s = v.As<Napi::String>().Utf8Value();
  if (set(api_, s.c_str(), &err) != HC_OK) ThrowCoreError(info.Env(), err);
}

void NativeApi::SetNumber(const Napi::CallbackInfo &info, const Napi::Value &v,
                          hc_code (*set)(hc_api *, double, hc_error *)) {
  if (!v.IsNumber()) {
    Napi::TypeError::New(info.Env(), "expected a number").ThrowAsJavaScriptException();
    return;
  }
  hc_error err = {};
  if (set(api_, v.As<Napi::Number>().DoubleValue(), &err) != HC_OK) ThrowCoreError(info.Env(), err);
}

Napi::Value NativeApi::CallJson(const Napi::CallbackInfo &info, hc_code (*fn)(hc_api *, const char *, hc_error *)) {
  std::string text = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : std::string();
  hc_error err = {};
  if (fn(api_, text.c_str(), &err) != HC_OK) return ThrowCoreError(info.Env(), err);
  return info.Env().Undefined();
}

Napi::Value NativeApi::RemoveHeader(const Napi::CallbackInfo &info) {
  if (info[0].IsString()) hc_api_remove_header(api_, info[0].As<Napi::String>().Utf8Value().c_str());
  return info.Env().Undefined();
}

Napi::Value NativeApi::Url(const Napi::CallbackInfo &info) {
  Opts opts(info);
  char *out = nullptr;
  hc_error err = {};
  if (hc_api_url(api_, &opts.o, &out, &err) != HC_OK) return ThrowCoreError(info.Env(), err);
  Napi::String s = Napi::String::New(info.Env(), out);
  hc_free(out);
  return s;
}

Napi::Value NativeApi::Request(const Napi::CallbackInfo &info) {
  Opts opts(info);
  hc_transfer *t = nullptr;
  hc_error err = {};
  if (hc_transfer_new(api_, &opts.o, &t, &err) != HC_OK) return ThrowCoreError(info.Env(), err);
  return LoopStart(info.Env(), GetData(info.Env())->loop, t, ref_);
}

}  // namespace

Napi::Function InitApiClass(Napi::Env env) { return NativeApi::Define(env); }
