"""SPEC §9 (v2) one JSON rule, decided by the core: the shared vectors of
tests/vectors/json_bodies.json, each body served byte for byte by the test server's /reply
and read through the public API (the Node suite reads the same file the same way, so the same
bytes give the same resource in both languages). Then SPEC §7 (v2): NaN/Infinity in request
values refused with the core's message before anything is sent (json_values.json), and values
JSON has no form for as TypeError."""
import json
import math

import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)


def body_params(case):
    """The /reply query that serves the vector's body, and the bytes it is."""
    if "nest" in case:
        n = case["nest"]
        raw = (n.get("prefix", "") + n["open"] * n["count"] + n.get("inner", "")
               + n.get("close", "") * n["count"] + n.get("suffix", "")).encode()
        params = {"nest": json.dumps(n)}
    elif "hex" in case:
        raw = bytes.fromhex(case["hex"])
        params = {"hex": case["hex"]}
    else:
        raw = case["body"].encode()
        params = {"hex": raw.hex()}
    if case["content_type"] is not None:
        params["type"] = case["content_type"]
    return params, raw


@pytest.mark.vectors("json_bodies.json")
def test_json_body_vector(api, case):
    params, raw = body_params(case)
    resource = api.using_endpoint("/reply").with_parameters(params).get()
    response = resource._halchemy.response
    assert response.content == raw
    if case["valid"]:
        body = response.body
        if "value" in case:
            want = json.loads(case["value"])
            assert body == want
            assert type(body) is type(want)
            if isinstance(want, float) and math.isinf(want):
                assert body == want
        if "keys" in case:
            assert list(body) == case["keys"]
        assert dict(resource) == (body if isinstance(body, dict) else {})
    else:
        assert response.body == case.get("text", raw.decode("utf-8", "replace"))
        assert dict(resource) == {}


def test_big_integers_stay_exact(api):
    r = api.using_endpoint("/reply").with_parameters(
        {"text": '{"id": 9007199254740993, "neg": -123456789012345678901234567890, "f": 1.5}',
         "type": "application/json"}).get()
    assert r["id"] == 9007199254740993 and isinstance(r["id"], int)
    assert r["neg"] == -123456789012345678901234567890
    assert r["f"] == 1.5


def test_an_integer_longer_than_pythons_digit_limit_is_the_nearest_float(api):
    digits = "9" * 5000  # int("9" * 5000) is refused by Python's int_max_str_digits
    r = api.using_endpoint("/reply").with_parameters(
        {"text": '{"n": ' + digits + ', "m": 1' + "0" * 4400 + '}',
         "type": "application/json"}).get()
    assert r["n"] == math.inf and r["m"] == math.inf


def test_deep_links_are_an_empty_resource_and_helpers_say_so(api):
    """Issue 10: _links nested 5,000 levels was RelNotFoundError in Python, a RangeError in
    Node. Now the body is malformed (deeper than 1,000 levels): an empty resource in both."""
    nest = {"prefix": '{"_links":', "open": '{"a":', "inner": "{}", "close": "}", "count": 4998,
            "suffix": "}"}
    r = api.using_endpoint("/reply").with_parameters({"nest": json.dumps(nest)}).get()
    assert dict(r) == {}
    assert isinstance(r._halchemy.response.body, str)
    assert r.links == []
    with pytest.raises(halchemy.RelNotFoundError):
        api.follow(r).to("a")


def test_1000_levels_work_from_deep_in_a_call_stack(api):
    """Python's own json.loads raises RecursionError at 1,000 levels; the binding builds
    values without recursion, so any call depth works."""
    nest = {"open": "[", "close": "]", "count": 1000}
    get = api.using_endpoint("/reply").with_parameters({"nest": json.dumps(nest)}).get

    def deep(n):
        return get() if n == 0 else deep(n - 1)
    r = deep(200)
    v = r._halchemy.response.body
    for _ in range(999):
        assert isinstance(v, list) and len(v) == 1
        v = v[0]
    assert v == []


def test_strings_are_decoded_exactly(api):
    text = '{"a":"\\u00e9\\ud83d\\ude00 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t x\\u0000y", "k\\u00e9": 1}'
    r = api.using_endpoint("/reply").with_parameters({"text": text, "type": "application/json"}).get()
    assert r["a"] == 'é😀 "q" \\ / \b\f\n\r\t x\x00y'
    assert r["ké"] == 1


# ---- request values (SPEC §7 v2) --------------------------------------------------------

def pyvalue(v):
    if isinstance(v, dict):
        if set(v) == {"$number"}:
            return float(v["$number"].replace("Infinity", "inf"))
        return {k: pyvalue(x) for k, x in v.items()}
    if isinstance(v, list):
        return [pyvalue(x) for x in v]
    return v


def send_in(api, place, value):
    """The public API for a json_values.json place: (what to call, the requester)."""
    if place == "body":
        return lambda: api.using_endpoint("/echo").post(value)
    if place == "text_body":
        return lambda: api.using_endpoint("/echo").post(value, content_type="text/plain")
    if place == "form_body":
        return lambda: api.using_endpoint("/echo").post(value, content_type="application/x-www-form-urlencoded")
    if place == "values":
        return lambda: api.using_endpoint("/x/{x}{?y}").with_template_values(value).get()
    if place == "parameters":
        return lambda: api.using_endpoint("/echo").with_parameters(value).get()
    return lambda: api.using_endpoint("/echo").with_headers(value).get()


@pytest.mark.vectors("json_values.json", json=None, error="json")
def test_nonfinite_numbers_are_refused_before_sending(tripwire, case):
    api = halchemy.Api(tripwire.url())
    with pytest.raises(halchemy.HalchemyError) as info:
        send_in(api, case["place"], pyvalue(case["value"]))()
    assert info.value.code == "json"
    assert str(info.value) == case["message"]
    assert tripwire.untouched()


@pytest.mark.vectors("json_values.json", json=None, error=None)
def test_values_json_can_hold_are_sent(api, base, case):
    place, value = case["place"], pyvalue(case["value"])
    if place == "values":
        assert api.using_endpoint("/x/{x}{?y}").with_template_values(value).url == base + case["expected"]
    elif place == "parameters":
        echo = api.using_endpoint("/echo").with_parameters(value).get()
        assert echo["query"] == case["expected"]
    elif place == "headers":
        echo = api.using_endpoint("/echo").with_headers(value).get()
        for name, v in json.loads(case["expected"]).items():
            assert echo["headers"][name] == v
    else:
        assert send_in(api, place, value)()["body"] == case["expected"]


class Thing:
    pass


@pytest.mark.parametrize("make", [lambda: Thing(), lambda: {1, 2}, lambda: b"bytes"[0:0] or object()])
def test_values_json_has_no_form_for_are_type_errors(tripwire, make):
    api = halchemy.Api(tripwire.url())
    for call in (lambda v: api.using_endpoint("/").post({"x": v}),
                 lambda v: api.using_endpoint("/{x}").with_template_values({"x": v}).get(),
                 lambda v: api.using_endpoint("/").with_parameters({"x": [v]}).get()):
        with pytest.raises(TypeError):
            call(make())
    assert tripwire.untouched()


def test_a_cycle_is_a_type_error(tripwire):
    api = halchemy.Api(tripwire.url())
    cycle = {"a": 1}
    cycle["self"] = cycle
    with pytest.raises(TypeError):
        api.using_endpoint("/").post(cycle)
    with pytest.raises(TypeError):
        api.using_endpoint("/").with_parameters({"c": [cycle]}).get()
    assert tripwire.untouched()


def test_helpers_work_on_a_resource_1000_levels_deep(api):
    """A body the core accepts (1,000 levels) works in every helper, as in Node: the package
    hands the resource back as JSON text written without recursion (python/src/values.c;
    json.dumps raised RecursionError). More in test_json_text.py."""
    nest = {"prefix": '{"_links":{"self":{"href":"/x"},"deep":', "open": '{"a":', "inner": "{}",
            "close": "}", "count": 997, "suffix": "}}"}
    r = api.using_endpoint("/reply").with_parameters({"nest": json.dumps(nest)}).get()
    assert list(r) == ["_links"]
    assert r.links == ["self", "deep"]
    assert r.has_rel("deep") and r.embedded_rels == [] and not r.has_embedded("x")
    assert api.follow(r).to("self").url.endswith("/x")
