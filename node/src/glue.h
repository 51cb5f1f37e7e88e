// glue.h: what the Node glue files share: the per-environment state (the error factory
// from JS and the event-loop driver of hc_multi), and turning core errors into JS errors.
#ifndef HC_NODE_GLUE_H
#define HC_NODE_GLUE_H

#include <napi.h>
#include <uv.h>

#include "halchemy.h"

struct Loop;

// Per-environment state, stored as the addon's instance data.
struct AddonData {
  Napi::FunctionReference error_factory;  // (code, message) => Error
  Napi::FunctionReference api_class;
  Loop *loop = nullptr;
};

AddonData *GetData(Napi::Env env);
// A JS Error made by the package's factory for a core error (never throws itself).
Napi::Value MakeError(Napi::Env env, const hc_error &err);
// Throws that error as a JS exception; returns undefined for the caller to return.
Napi::Value ThrowCoreError(Napi::Env env, const hc_error &err);
// [name, value, name, value, ...] for a header set.
Napi::Array HeadersArray(Napi::Env env, const hc_headers *h);

// loop.cc: runs transfers on the Node event loop through hc_multi.
Loop *LoopNew(Napi::Env env);
void LoopDelete(Loop *loop);
// Starts t; the returned promise resolves with the result object when it finishes.
// Takes ownership of t.
Napi::Value LoopStart(Loop *loop, Napi::Env env, hc_transfer *t);

// api.cc
Napi::Function InitApiClass(Napi::Env env);

#endif
