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
  Napi::Value GetHeadersJson(const Napi::CallbackInfo &) { return GetStr(hc_api_headers_json); }
  // SPEC §2: every setting by name through the core's table: set(group, name, value,
  // asJson), setOption(name, value, asJson), get(name).
  Napi::Value Set(const Napi::CallbackInfo &info);
  Napi::Value SetOption(const Napi::CallbackInfo &info);
  Napi::Value Get(const Napi::CallbackInfo &info);

  Napi::Value CallJson(const Napi::CallbackInfo &info, hc_code (*fn)(hc_api *, const char *, hc_error *));
  Napi::Value ReplaceHeaders(const Napi::CallbackInfo &i) { return CallJson(i, hc_api_replace_headers); }
  Napi::Value MergeHeaders(const Napi::CallbackInfo &i) { return CallJson(i, hc_api_merge_headers); }
  Napi::Value LoadConfig(const Napi::CallbackInfo &i) { return CallJson(i, hc_api_load_config); }
  Napi::Value RemoveHeader(const Napi::CallbackInfo &info);
  Napi::Value Url(const Napi::CallbackInfo &info);
  Napi::Value Request(const Napi::CallbackInfo &info);
  // SPEC §13: the cookie jar as JSON text, emptying it, close() and `closed`.
  Napi::Value CookieJarJson(const Napi::CallbackInfo &info);
  Napi::Value ClearCookies(const Napi::CallbackInfo &info);
  Napi::Value Close(const Napi::CallbackInfo &info);
  Napi::Value GetClosed(const Napi::CallbackInfo &info);
};

// The request arguments: (method, url, templateValues, parameters, headers, data,
// contentType, selfHref, etagHeader, etagValue, documentUrl, etagSource), strings or
// null/undefined, then linkLiteral (boolean) and conflictRetries (number), then (SPEC §13)
// timeout (seconds for this call: a number, else the Api's), trace (boolean) and the
// cancel id (a number > 0 that withSignal's abort names to cancel(); else none). The strings
// are copied here and live as long as this object: short ones (nearly all) into a buffer
// of their own with one N-API call, longer ones onto the heap.
struct Opts {
  static constexpr size_t kArgs = 12, kShort = 256, kData = 5, kEtagValue = 9, kSource = 11;
  char small[kArgs][kShort];
  std::string big[kArgs];
  hc_request_opts o = {};
  uint32_t cancel_id = 0;
  bool ok = true;  // false: an argument was refused and its error is pending
  explicit Opts(const Napi::CallbackInfo &info) {
    const char **slots[kArgs] = {&o.method, &o.url, &o.template_values, &o.parameters, &o.headers,
                                 &o.data, &o.content_type, &o.self_href, &o.etag_header, &o.etag_value,
                                 &o.document_url, &o.etag_source};
    napi_env env = info.Env();
    for (size_t i = 0; ok && i < kArgs && i < info.Length(); i++) {
      if (i == kSource && info[i].IsTypedArray()) {  // the body a resource came in, as received
        Napi::TypedArray bytes = info[i].As<Napi::TypedArray>();
        const char *start = static_cast<const char *>(bytes.ArrayBuffer().Data());
        big[i].assign(start ? start + bytes.ByteOffset() : "", start ? bytes.ByteLength() : 0);
        *slots[i] = big[i].c_str();  // the core reads it as JSON text: a NUL ends it early
        continue;
      }
      if (i == kData && info[i].IsTypedArray()) {  // bytes sent as is (SPEC §9)
        Napi::TypedArray bytes = info[i].As<Napi::TypedArray>();
        const char *start = static_cast<const char *>(bytes.ArrayBuffer().Data());
        o.raw_body = start ? start + bytes.ByteOffset() : "";
        o.raw_body_len = start ? bytes.ByteLength() : 0;
        continue;
      }
      napi_valuetype type;
      if (napi_typeof(env, info[i], &type) != napi_ok || type != napi_string) continue;
      size_t len = 0;
      if (napi_get_value_string_utf8(env, info[i], small[i], kShort, &len) != napi_ok) continue;
      if (len + 1 < kShort) {
        *slots[i] = small[i];
      } else {  // may have been cut: copy it whole
        big[i] = info[i].As<Napi::String>().Utf8Value();
        *slots[i] = big[i].c_str();
        len = big[i].size();
      }
      // a NUL is refused, not cut (SPEC §12); in a server's etag field only when the core
      // would send it (SPEC §8)
      if (i == kEtagValue) o.etag_value_len = len;
      else ok = CheckText(env, *slots[i], len);
    }
    if (!ok) return;  // the error is pending: no more N-API calls
    if (info.Length() > kArgs) o.link_literal = info[kArgs].ToBoolean().Value() ? 1 : 0;
    if (info.Length() > kArgs + 1 && info[kArgs + 1].IsNumber())
      o.conflict_retries = info[kArgs + 1].As<Napi::Number>().Int32Value();
    if (info.Length() > kArgs + 2 && info[kArgs + 2].IsNumber()) {
      o.timeout_set = 1;
      o.timeout = info[kArgs + 2].As<Napi::Number>().DoubleValue();
    }
    if (info.Length() > kArgs + 3) o.trace = info[kArgs + 3].ToBoolean().Value() ? 1 : 0;
    if (info.Length() > kArgs + 4 && info[kArgs + 4].IsNumber())
      cancel_id = info[kArgs + 4].As<Napi::Number>().Uint32Value();
    if (!o.method) o.method = "GET";
    if (!o.url) o.url = "";
  }
};

Napi::Function NativeApi::Define(Napi::Env env) {
  return DefineClass(env, "NativeApi", {
    InstanceMethod<&NativeApi::Set>("set"),
    InstanceMethod<&NativeApi::SetOption>("setOption"),
    InstanceMethod<&NativeApi::Get>("get"),
    InstanceAccessor<&NativeApi::GetHeadersJson>("headersJson"),
    InstanceMethod<&NativeApi::ReplaceHeaders>("replaceHeaders"),
    InstanceMethod<&NativeApi::MergeHeaders>("mergeHeaders"),
    InstanceMethod<&NativeApi::RemoveHeader>("removeHeader"),
    InstanceMethod<&NativeApi::LoadConfig>("loadConfig"),
    InstanceMethod<&NativeApi::Url>("url"),
    InstanceMethod<&NativeApi::Request>("request"),
    InstanceMethod<&NativeApi::CookieJarJson>("cookieJarJson"),
    InstanceMethod<&NativeApi::ClearCookies>("clearCookies"),
    InstanceMethod<&NativeApi::Close>("close"),
    InstanceAccessor<&NativeApi::GetClosed>("closed"),
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

// A JS value as the core's hc_value; `text` keeps a string's bytes alive for the call.
static hc_value ValueOf(const Napi::Value &v, bool as_json, std::string *text) {
  hc_value out = {};
  napi_valuetype type = v.Type();
  static const char *const names[] = {"undefined", "null", "boolean", "number", "string",
                                      "symbol", "object", "function", "external", "bigint"};
  out.type_name = type <= napi_bigint ? names[type] : "a value";
  if (type == napi_undefined || type == napi_null) {
    out.kind = HC_VALUE_NULL;
  } else if (type == napi_boolean) {
    out.kind = HC_VALUE_BOOL;
    out.boolean = v.As<Napi::Boolean>().Value();
  } else if (type == napi_number) {
    out.kind = HC_VALUE_NUMBER;
    out.number = v.As<Napi::Number>().DoubleValue();
  } else if (type == napi_string) {
    *text = v.As<Napi::String>().Utf8Value();
    out.kind = as_json ? HC_VALUE_JSON : HC_VALUE_STRING;
    out.string = text->c_str();
    out.length = text->size();
  } else {
    out.kind = HC_VALUE_OTHER;
  }
  return out;
}

Napi::Value NativeApi::Set(const Napi::CallbackInfo &info) {
  bool has_group, has_name;
  std::string group = OptString(info, 0, &has_group), name = OptString(info, 1, &has_name), text;
  hc_value v = ValueOf(info[2], info[3].ToBoolean().Value(), &text);
  hc_error err = {};
  if (hc_api_set(api_, HC_LANG_JS, has_group ? group.c_str() : nullptr, name.c_str(), &v, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  return info.Env().Undefined();
}

Napi::Value NativeApi::SetOption(const Napi::CallbackInfo &info) {
  bool has_name;
  std::string name = OptString(info, 0, &has_name), text;
  hc_value v = ValueOf(info[1], info[2].ToBoolean().Value(), &text);
  hc_error err = {};
  if (hc_api_set_option(api_, HC_LANG_JS, name.c_str(), &v, &err) != HC_OK)
    return ThrowCoreError(info.Env(), err);
  return info.Env().Undefined();
}

Napi::Value NativeApi::Get(const Napi::CallbackInfo &info) {
  bool has_name;
  std::string name = OptString(info, 0, &has_name);
  hc_value v = {};
  hc_error err = {};
  Napi::Env env = info.Env();
  if (hc_api_get(api_, HC_LANG_JS, name.c_str(), &v, &err) != HC_OK) return ThrowCoreError(env, err);
  switch (v.kind) {
    case HC_VALUE_BOOL: return Napi::Boolean::New(env, v.boolean);
    case HC_VALUE_NUMBER: return Napi::Number::New(env, v.number);
    case HC_VALUE_STRING: {
      Napi::String s = Napi::String::New(env, v.string, v.length);
      hc_free(const_cast<char *>(v.string));
      return s;
    }
    default: return env.Null();
  }
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
  if (!opts.ok) return info.Env().Undefined();
  char *out = nullptr;
  hc_error err = {};
  if (hc_api_url(api_, &opts.o, &out, &err) != HC_OK) return ThrowCoreError(info.Env(), err);
  Napi::String s = Napi::String::New(info.Env(), out);
  hc_free(out);
  return s;
}

Napi::Value NativeApi::Request(const Napi::CallbackInfo &info) {
  Opts opts(info);
  if (!opts.ok) return info.Env().Undefined();
  hc_transfer *t = nullptr;
  hc_error err = {};
  Napi::Env env = info.Env();
  if (hc_transfer_new(api_, &opts.o, &t, &err) != HC_OK) return ThrowCoreError(env, err);
  // SPEC §13: verify=false is warned about once per Api; the core says when.
  if (char *warning = hc_api_verify_warning(api_)) {
    AddonData *data = GetData(env);
    if (!data->warner.IsEmpty()) {
      data->warner.Call({Napi::String::New(env, warning)});
      if (env.IsExceptionPending()) env.GetAndClearPendingException();  // never fails a request
    }
    hc_free(warning);
  }
  return LoopStart(env, GetData(env)->loop, t, ref_, opts.cancel_id, opts.o.trace != 0);
}

Napi::Value NativeApi::CookieJarJson(const Napi::CallbackInfo &info) {
  char *out = nullptr;
  hc_error err = {};
  if (hc_api_cookie_jar_json(api_, &out, &err) != HC_OK) return ThrowCoreError(info.Env(), err);
  Napi::String s = Napi::String::New(info.Env(), out ? out : "[]");
  hc_free(out);
  return s;
}

Napi::Value NativeApi::ClearCookies(const Napi::CallbackInfo &info) {
  hc_error err = {};
  if (hc_api_clear_cookies(api_, &err) != HC_OK) return ThrowCoreError(info.Env(), err);
  return info.Env().Undefined();
}

Napi::Value NativeApi::Close(const Napi::CallbackInfo &info) {
  hc_api_close(api_);
  LoopCloseIdle(GetData(info.Env())->loop);
  return info.Env().Undefined();
}

Napi::Value NativeApi::GetClosed(const Napi::CallbackInfo &info) {
  return Napi::Boolean::New(info.Env(), hc_api_closed(api_) != 0);
}

}  // namespace

Napi::Function InitApiClass(Napi::Env env) { return NativeApi::Define(env); }
