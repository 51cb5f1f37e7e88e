"""The Python half of the parity test (tests/parity/README.md): runs one case through the
public Python API and describes the outcome as plain JSON, the same way driver.js does for
JavaScript. Names are snake_case here; driver.js converts them to camelCase."""
import base64
import json

import halchemy

HALCHEMY_CLASSES = {getattr(halchemy, name) for name in halchemy.__all__ if name.endswith("Error")}


def _plain(value):
    """A resource or value as plain JSON (no `_halchemy`); a number JSON cannot write
    (1e400 read as infinity) as {"$number": "Infinity"}, as driver.js writes it."""
    return json.loads(json.dumps(value), parse_constant=lambda c: {"$number": c})


def _error(e):
    out = {"class": type(e).__name__}
    if hasattr(e, "code"):  # a core error: the message is the core's, the same in both
        out["code"] = e.code
        out["message"] = str(e)
    return out


def _chain(name):
    """The halchemy classes an error class derives from, nearest first."""
    cls = getattr(halchemy, name)
    return [c.__name__ for c in cls.__mro__[1:] if c in HALCHEMY_CLASSES]


def _api(case, base):
    api = halchemy.Api(case.get("base", base))
    if case.get("style"):
        api.parameters_list_style = case["style"]
    return api


def _requester(api, case):
    r = api.using_endpoint(case["href"])
    if case.get("values") is not None:
        r.with_template_values(case["values"])
    if case.get("params") is not None:
        r.with_parameters(case["params"])
    if case.get("headers") is not None:
        r.with_headers(case["headers"])
    return r


def _bytes_or_text(body):
    if body is None or isinstance(body, str):
        return body
    return {"b64": base64.b64encode(body).decode()}


def _response(resource):
    meta = resource._halchemy
    sent = {k.lower(): v for k, v in meta.request.headers.items()}
    return {"status": meta.response.status_code, "reason": meta.response.reason,
            "headers": {k.lower(): v for k, v in meta.response.headers.items()
                        if k.lower() not in ("date", "server")},
            "body": _plain(meta.response.body), "resource": _plain(resource),
            "content": base64.b64encode(meta.response.content).decode(),
            "sent": {"method": meta.request.method, "url": meta.request.url,
                     "headers": {k: v for k, v in sent.items() if k != "user-agent"},
                     "body": _bytes_or_text(meta.request.body)},
            "error": None if meta.error is None else _error(meta.error)}


def _do(case, base):
    op = case["op"]
    if op == "setting":
        api = halchemy.Api(base)
        target = api.error_handling if case.get("group") else api
        try:
            setattr(target, case["name"], case["value"])
            result = {"set": True}
        except Exception as e:  # noqa: BLE001 (the outcome is the result)
            result = {"set": _error(e)}
        name = case.get("get_name", case["name"])
        if case.get("group") and not case.get("get_name"):
            pass  # a member without a value to read back
        elif name.startswith("raise_"):  # an error_handling member
            result["get"] = getattr(api.error_handling, name)
        elif name != "error_handling":
            result["get"] = getattr(api, name)
        return result
    if op == "option":
        return {"api": halchemy.Api(base, **{case["name"]: case["value"]}) is not None}
    if op == "error_class":
        return _chain(case["class"])
    if op == "url":
        return _requester(_api(case, base), case).url
    if op == "follow":
        api = _api(case, base)
        return api.follow(case["resource"]).to(case["rel"], **(case.get("criteria") or {})).url
    if op == "hal":
        r = halchemy.HalResource(case["resource"])
        call = case["call"]
        if call in ("links", "embedded_rels"):
            return getattr(r, call)
        result = getattr(r, call)(*case.get("args", []))
        return _plain(result if isinstance(result, (dict, list, bool)) else list(result))
    if op == "request":
        api = halchemy.Api(base)
        if case.get("settings"):
            for name, value in case["settings"].items():
                setattr(api, name, value)
        r = _requester(api, case)
        method = case.get("method", "GET").lower()
        if method in ("post", "put", "patch"):
            data = case.get("data")
            if case.get("data_b64") is not None:
                data = base64.b64decode(case["data_b64"])
            if case.get("json_null"):
                data = halchemy.JSON_NULL
            resource = getattr(r, method)(data, case.get("content_type"))
        else:
            resource = getattr(r, method)()
        return _response(resource)
    raise ValueError(f"unknown parity op {op!r}")


def run_case(case, base):
    """{"ok": result} or {"error": {class, code, message}} for one case."""
    try:
        return {"ok": _do(case, base)}
    except halchemy.HTTPError as e:
        return {"error": _error(e), "response": _response(e.resource)}
    except halchemy.NetworkError as e:
        return {"error": _error(e), "response": _response(e.resource)}
    except Exception as e:  # noqa: BLE001
        return {"error": _error(e)}
