// addon.cc: the halchemy native module's entry point: per-environment state, the hook
// through which errors.js hands native code its error factory (so every core failure is a
// real JS Error of the package's classes with a stable `code`), and the module's exports.
#include <string>

#include "glue.h"

AddonData *GetData(Napi::Env env) { return env.GetInstanceData<AddonData>(); }

Napi::Value MakeError(Napi::Env env, const hc_error &err) {
  Napi::String code = Napi::String::New(env, hc_code_name(err.code));
  Napi::String message = Napi::String::New(env, err.message);
  AddonData *data = GetData(env);
  if (data && !data->error_factory.IsEmpty()) {
    Napi::Value e = data->error_factory.Call({code, message});
    if (!env.IsExceptionPending() && e.IsObject()) return e;
    // The factory failing must not hide the core's error: fall through to a plain Error.
    if (env.IsExceptionPending()) env.GetAndClearPendingException();
  }
  Napi::Error e = Napi::Error::New(env, err.message);
  e.Set("code", code);
  return e.Value();
}

Napi::Value ThrowCoreError(Napi::Env env, const hc_error &err) {
  if (!env.IsExceptionPending()) napi_throw(env, MakeError(env, err));
  return env.Undefined();
}

std::string OptString(const Napi::CallbackInfo &info, size_t i, bool *present) {
  *present = false;
  if (info.Env().IsExceptionPending()) return std::string();  // an earlier argument was refused
  *present = info.Length() > i && info[i].IsString();
  std::string s = *present ? info[i].As<Napi::String>().Utf8Value() : std::string();
  CheckText(info.Env(), s.data(), s.size());
  return s;
}

bool CheckText(Napi::Env env, const char *s, size_t len) {
  hc_error err = {};
  if (hc_check_text(s, len, &err) == HC_OK) return true;
  ThrowCoreError(env, err);
  return false;
}

// The core's tables as JSON text (SPEC §2, §10): errors.js and index.js build from them.
static Napi::Value ErrorsTable(const Napi::CallbackInfo &info) {
  char *s = hc_errors_json();
  Napi::String v = Napi::String::New(info.Env(), s ? s : "[]");
  hc_free(s);
  return v;
}

static Napi::Value SettingsTable(const Napi::CallbackInfo &info) {
  char *s = hc_settings_json(HC_LANG_JS);
  Napi::String v = Napi::String::New(info.Env(), s ? s : "[]");
  hc_free(s);
  return v;
}

static Napi::Value SetErrorFactory(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) {
    Napi::TypeError::New(env, "the error factory must be a function").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  GetData(env)->error_factory = Napi::Persistent(info[0].As<Napi::Function>());
  return env.Undefined();
}

static Napi::Value SetFinisher(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) {
    Napi::TypeError::New(env, "the finisher must be a function").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  GetData(env)->finisher = Napi::Persistent(info[0].As<Napi::Function>());
  return env.Undefined();
}

static Napi::Value SetWarner(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!info[0].IsFunction()) {
    Napi::TypeError::New(env, "the warner must be a function").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  GetData(env)->warner = Napi::Persistent(info[0].As<Napi::Function>());
  return env.Undefined();
}

// cancel(id, reason): SPEC §13 withSignal's abort; true when it rejected a promise.
static Napi::Value Cancel(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  uint32_t id = info[0].IsNumber() ? info[0].As<Napi::Number>().Uint32Value() : 0;
  bool done = id && LoopCancel(env, GetData(env)->loop, id, info[1]);
  return Napi::Boolean::New(env, done);
}

// SPEC §13 redaction, for util.inspect: a header's value as it may be shown, and a URL with
// its password as ***.
static Napi::Value HeaderShown(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  bool has_name, has_value;
  std::string name = OptString(info, 0, &has_name), value = OptString(info, 1, &has_value);
  if (env.IsExceptionPending()) return env.Undefined();
  return Napi::String::New(env, hc_header_shown(name.c_str(), value.c_str()));
}

static Napi::Value UrlRedacted(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  bool has_url;
  std::string url = OptString(info, 0, &has_url);
  if (env.IsExceptionPending()) return env.Undefined();
  char *out = hc_url_redacted(url.c_str());
  if (!out) {
    Napi::Error::New(env, "halchemy: out of memory").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::String v = Napi::String::New(env, out);
  hc_free(out);
  return v;
}

static Napi::Value CodeName(const Napi::CallbackInfo &info) {
  int code = info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : -1;
  return Napi::String::New(info.Env(), hc_code_name(static_cast<hc_code>(code)));
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Instance data, not globals: each worker thread loads its own copy of this state.
  AddonData *data = new AddonData();
  env.SetInstanceData(data);
  data->loop = LoopNew(env);

  exports.Set("setErrorFactory", Napi::Function::New(env, SetErrorFactory, "setErrorFactory"));
  exports.Set("setFinisher", Napi::Function::New(env, SetFinisher, "setFinisher"));
  exports.Set("setWarner", Napi::Function::New(env, SetWarner, "setWarner"));
  exports.Set("cancel", Napi::Function::New(env, Cancel, "cancel"));
  exports.Set("headerShown", Napi::Function::New(env, HeaderShown, "headerShown"));
  exports.Set("urlRedacted", Napi::Function::New(env, UrlRedacted, "urlRedacted"));
  exports.Set("codeName", Napi::Function::New(env, CodeName, "codeName"));
  exports.Set("version", Napi::String::New(env, hc_version()));  // package.json's, compiled in
  exports.Set("errorsTable", Napi::Function::New(env, ErrorsTable, "errorsTable"));
  exports.Set("settingsTable", Napi::Function::New(env, SettingsTable, "settingsTable"));
  InitRules(env, exports);
  exports.Set("Api", InitApiClass(env));
  return exports;
}

NODE_API_MODULE(halchemy, Init)
