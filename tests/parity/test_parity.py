"""The parity test (issue 10, item 3): the same inputs through Python and through Node, the
results compared field by field. The inputs are every case of the vector files the public
API can express, plus requests to the local test server (cases.json). Both drivers describe
outcomes the same way (driver.py, driver.js), so any difference is a behaviour that differs
between the two languages. Numbers libcurl reports (elapsed times) are not compared."""
import importlib.util
import json
import os
import re
import subprocess

import pytest

from driver import run_case

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VECTORS = os.path.join(ROOT, "tests", "vectors")

# The fixtures of tests/python/conftest.py (test servers, isolated configuration).
_spec = importlib.util.spec_from_file_location(
    "halchemy_python_fixtures", os.path.join(ROOT, "tests", "python", "conftest.py"))
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
servers, base, isolated_config = _fixtures.servers, _fixtures.base, _fixtures.isolated_config


def _load(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)


def _cases():
    cases = []
    settings = _load("settings.json")
    # The base URL is an argument of its own in both constructors, so not an option (SPEC §2)
    own = {s["name"] for s in settings["table"] if s["own_argument"]}
    for c in settings["cases"]:
        cases.append(dict(op="setting", **{k: c[k] for k in ("group", "name", "value", "get_name") if k in c}))
        if not c.get("group") and c["name"] not in own:
            cases.append({"op": "option", "name": c["name"], "value": c["value"]})
    for kind in _load("errors.json")["table"]:
        if kind["parent"] is not None:
            cases.append({"op": "error_class", "class": kind["class"]})
    for c in _load("url_join.json")["cases"]:
        if "document" not in c:
            cases.append({"op": "url", "base": c["base"], "href": c["href"]})
    for c in _load("uritemplate_spec.json")["cases"]:
        cases.append({"op": "url", "base": "http://example.org", "href": c["template"],
                      "values": c.get("values")})
    for c in _load("query.json")["cases"]:
        cases.append({"op": "url", "base": "http://example.org", "href": c.get("url", "/test"),
                      "params": c["params"], "style": c.get("style")})
    for c in _load("hal.json")["cases"]:
        if c["op"] in ("link", "find"):
            criteria = c.get("criteria") or ({"name": c["name"]} if c.get("name") else None)
            resource = {} if c.get("links") is None else {"_links": c["links"]}
            cases.append({"op": "follow", "base": "http://example.org", "resource": resource,
                          "rel": c["rel"], "criteria": criteria})
        elif c["op"] == "embedded":
            cases.append({"op": "hal", "resource": c["resource"], "call": "embedded",
                          "args": [c["rel"]] + ([c["expect"]] if c.get("expect") else [])})
        elif c["op"] == "collection":
            cases.append({"op": "hal", "resource": c["resource"], "call": "collection",
                          "args": [c["field"]]})
        elif c["op"] == "has_rel":
            cases.append({"op": "hal", "resource": {"_links": c["links"]}, "call": "has_rel",
                          "args": [c["rel"]]})
        elif c["op"] == "check":
            cases.append({"op": "hal", "resource": c["resource"], "call": "links"})
    for c in _load("bodies.json")["cases"]:
        case = {"op": "request", "method": "POST", "href": "/echo", "data": c["data"],
                "content_type": c.get("content_type")}
        if c["data"] is None and not c.get("content_type"):
            case["json_null"] = True
        cases.append(case)
    for c in _load("redirects.json")["cases"]:
        if c["to"] != "other":  # the second server is another origin the drivers do not have
            case = {"op": "request", "method": c["method"], "href": "/redirect",
                    "params": {"to": "/echo/r" if c["to"] == "same" else c["to"], "code": c["code"]}}
            if "data" in c:
                case["data"] = c["data"]
            cases.append(case)
    for c in _load("json_bodies.json")["cases"]:
        # Deep nesting is left to each language's own runner: the drivers describe outcomes
        # with their language's (recursive) JSON encoders.
        if "nest" in c:
            continue
        params = {"hex": c["hex"]} if "hex" in c else {"text": c["body"]}
        if c.get("content_type") is not None:
            params["type"] = c["content_type"]
        cases.append({"op": "request", "href": "/reply", "params": params})
    with open(os.path.join(HERE, "cases.json"), encoding="utf-8") as f:
        cases.extend(json.load(f)["cases"])
    return cases


CASES = _cases()

# Numbers libcurl puts in messages (milliseconds, byte counts it read) may differ.
_CURL_NUMBERS = re.compile(r"\d+ (ms|milliseconds|bytes received)")


# A TypeError for a wrong argument type names the setting and the value's type as each
# language spells them (SPEC §2, §10): Python's spelling is turned into JavaScript's here.
_SETTING_NAMES = sorted({s["name"] for s in _load("settings.json")["table"]}, key=len, reverse=True)
_TYPE_NAMES = {"str": "string", "int": "number", "float": "number", "bool": "boolean",
               "list": "object", "dict": "object", "None": "null"}


def _js_spelling(message):
    for name in _SETTING_NAMES:
        camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
        message = re.sub(rf"\b{name}\b", camel, message)
    return re.sub(r"\b(str|int|float|bool|list|dict|None)\b", lambda m: _TYPE_NAMES[m.group(1)],
                  message)


def _normalize(result, python=False):
    text = json.dumps(result, sort_keys=True)
    result = json.loads(_CURL_NUMBERS.sub(r"N \1", text))
    if python:
        _respell(result)
    return result


def _respell(node):
    """Python's spelling of setting and type names in every error message, as JavaScript's."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "message" and isinstance(v, str) and node.get("code") in ("argument", "invalid"):
                node[k] = _js_spelling(v)
            else:
                _respell(v)
    elif isinstance(node, list):
        for v in node:
            _respell(v)


def _diff(py, js, path=""):
    """Field-by-field differences, as 'path: python != javascript' lines."""
    if isinstance(py, dict) and isinstance(js, dict):
        out = []
        for k in sorted(set(py) | set(js)):
            out += _diff(py.get(k, "<absent>"), js.get(k, "<absent>"), f"{path}.{k}")
        return out
    if isinstance(py, list) and isinstance(js, list) and len(py) == len(js):
        out = []
        for i, (a, b) in enumerate(zip(py, js)):
            out += _diff(a, b, f"{path}[{i}]")
        return out
    if py == js and type(py) is type(js):
        return []
    if (isinstance(py, (int, float)) and not isinstance(py, bool) and isinstance(js, (int, float))
            and not isinstance(js, bool) and float(py) == float(js)):
        return []  # SPEC §9: an integer beyond 2^53 is exact in Python, the nearest in JS
    return [f"{path or '.'}: python {py!r} != javascript {js!r}"]


@pytest.fixture(scope="module")
def js_results(base):
    proc = subprocess.run(["node", os.path.join(HERE, "driver.js"), base],
                          input=json.dumps(CASES).encode(), capture_output=True, timeout=300,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    results = json.loads(proc.stdout)
    assert len(results) == len(CASES)
    return results


@pytest.mark.parametrize("index", range(len(CASES)),
                         ids=[f"{i}-{c['op']}" for i, c in enumerate(CASES)])
def test_same_result(index, base, js_results):
    case = CASES[index]
    py = _normalize(run_case(case, base), python=True)
    js = _normalize(js_results[index])
    differences = _diff(py, js)
    assert not differences, f"case {json.dumps(case)[:300]}\n" + "\n".join(differences)


def test_every_kind_of_case_is_there():
    ops = {c["op"] for c in CASES}
    assert ops == {"setting", "option", "error_class", "url", "follow", "hal", "request"}
    assert len(CASES) > 400
