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
  exports.Set("codeName", Napi::Function::New(env, CodeName, "codeName"));
  exports.Set("version", Napi::String::New(env, hc_version()));  // package.json's, compiled in
  exports.Set("errorsTable", Napi::Function::New(env, ErrorsTable, "errorsTable"));
  exports.Set("settingsTable", Napi::Function::New(env, SettingsTable, "settingsTable"));
  InitRules(env, exports);
  exports.Set("Api", InitApiClass(env));
  return exports;
}

NODE_API_MODULE(halchemy, Init)
