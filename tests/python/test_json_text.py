"""SPEC §9 (v2) from the other side: the JSON text the Python package hands the core, for
request bodies, template values, parameters, headers and the HAL helpers' resource. It is
written in C without recursion (python/src/values.c), so a resource nested 1,000 levels works
in every helper as it does in Node, and anything deeper is the core's clear refusal, never a
RecursionError or a crash. The text is json.dumps(ensure_ascii=False, separators=(",", ":"))'s
except for a str's surrogates, written as JavaScript writes a string's UTF-16 units: a high
one then a low one is the pair's character, a lone one a \\uXXXX escape that the core refuses
with Node's class and message."""
import collections
import enum
import json
import math
import os
import random
import shutil
import subprocess
import sys

import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDON = os.path.join(ROOT, "build", "Release", "halchemy.node")

ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def chain(levels, leaf=None):
    """A value `levels` containers deep: {"a": {"a": ... leaf ...}}, leaf a container (by
    default {}), built without recursion."""
    v = {} if leaf is None else leaf
    for _ in range(levels - 1):
        v = {"a": v}
    return v


def chain_text(levels):
    """chain(levels) as JSON text."""
    return '{"a":' * (levels - 1) + "{}" + "}" * (levels - 1)


def deep_resource(make_resource, levels, where):
    """A resource with a link, an embedded resource and a collection, `levels` containers
    deep counting the resource itself as level 1, the deep part under `where`: 'links'
    (_links.deep), 'embedded' (a field of _embedded.e), 'items' (a field of the collection's
    item) or 'field' (a plain field)."""
    links = {"self": {"href": "/x"}}
    embedded = {"_links": {"self": {"href": "/e"}}}
    item = {"_links": {"self": {"href": "/i"}}}
    fields = {"_links": links, "_embedded": {"e": embedded}, "items": [item]}
    if where == "links":
        links["deep"] = chain(levels - 2)
    elif where == "embedded":
        embedded["f"] = chain(levels - 3)
    elif where == "items":
        item["f"] = chain(levels - 3)
    else:
        fields["f"] = chain(levels - 1)
    return make_resource(fields)


def depth_of(value):
    """How many containers deep a value is, without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        v, d = todo.pop()
        if isinstance(v, (dict, list)):
            deepest = max(deepest, d)
            todo.extend((x, d + 1) for x in (v.values() if isinstance(v, dict) else v))
    return deepest


HELPERS = {
    "links": lambda api, r: r.links,
    "has_rel": lambda api, r: r.has_rel("self"),
    "embedded_rels": lambda api, r: r.embedded_rels,
    "has_embedded": lambda api, r: r.has_embedded("e"),
    "embedded": lambda api, r: r.embedded("e"),
    "collection": lambda api, r: list(r.collection("items")),
}


@pytest.mark.parametrize("where", ["links", "embedded", "items", "field"])
@pytest.mark.parametrize("helper", sorted(HELPERS))
def test_every_helper_works_on_a_resource_1000_levels_deep(api, make_resource, helper, where):
    r = deep_resource(make_resource, 1000, where)
    assert depth_of(dict(r)) == 1000
    HELPERS[helper](api, r)  # no error
    assert api.follow(r).to("self").url.endswith("/x")


def test_the_helpers_answer_on_a_1000_level_resource(api, make_resource):
    r = deep_resource(make_resource, 1000, "links")
    assert r.links == ["self", "deep"] and r.has_rel("deep") and r.embedded_rels == ["e"]
    with pytest.raises(halchemy.HalFormatError):  # a chain of {"a": ...} is not a link
        api.follow(r).to("deep")
    e = deep_resource(make_resource, 1000, "embedded")
    assert e.embedded("e")["_links"]["self"]["href"] == "/e"
    assert depth_of(dict(e.embedded_one("e"))) == 998
    c = deep_resource(make_resource, 1000, "items")
    assert [i["_links"]["self"]["href"] for i in c.collection("items")] == ["/i"]


@pytest.mark.parametrize("levels", [1001, 100_000])
@pytest.mark.parametrize("where", ["links", "embedded", "items", "field"])
@pytest.mark.parametrize("helper", sorted(HELPERS))
def test_deeper_than_1000_levels_is_the_cores_clear_error(api, make_resource, helper, where,
                                                          levels):
    """Node gives the same error at 1,001 levels (JSON.stringify then the core); at 100,000
    its JSON.stringify throws a RangeError (call stack)."""
    r = deep_resource(make_resource, levels, where)
    with pytest.raises(halchemy.HalchemyError) as info:
        HELPERS[helper](api, r)
    assert info.value.code == "json"
    assert str(info.value) == "the resource is not valid JSON"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("levels", [1001, 100_000])
def test_following_a_link_reads_only_that_rel_and_self(api, make_resource, levels):
    """As Node's follow: other rels, however deep, are not written or parsed. The deep rel
    itself is 1,000 levels as the part of _links sent (the rel and self) at 1,001, so not a
    link; at 100,000 it is the core's clear error (Node: a RangeError)."""
    r = deep_resource(make_resource, levels, "links")
    assert api.follow(r).to("self").url.endswith("/x")
    with pytest.raises(halchemy.HalchemyError) as info:
        api.follow(r).to("deep")
    if levels == 1001:
        assert info.value.code == "hal"
        assert str(info.value) == "the link 'deep' has no string href"
    else:
        assert info.value.code == "json"
        assert str(info.value) == "the resource's _links is not valid JSON"


@pytest.mark.parametrize("levels", [1000, 1001])
def test_a_deep_etag_field_is_sent_as_its_json_text(api, make_resource, levels):
    """SPEC §8: a field that is not a string is sent as its JSON text (as in Node)."""
    r = make_resource({"_links": {"self": {"href": "/echo/x"}}, "_etag": chain(levels - 1)})
    echo = api.follow(r).to("self").put({"a": 1})
    assert echo["headers"]["If-Match"] == chain_text(levels - 1)


def test_a_100000_level_etag_field_is_a_clear_error(api, make_resource):
    r = make_resource({"_links": {"self": {"href": "/echo/x"}}, "_etag": chain(99_999)})
    with pytest.raises(halchemy.HeaderError):  # 600 KB of If-Match: over the header limit
        api.follow(r).to("self").put({"a": 1})


def test_the_helpers_work_from_deep_in_a_call_stack(api, make_resource):
    r = deep_resource(make_resource, 1000, "links")

    def deep(n):
        return (r.links, api.follow(r).to("self").url) if n == 0 else deep(n - 1)
    assert deep(sys.getrecursionlimit() - 100)[0] == ["self", "deep"]


@pytest.mark.parametrize("levels", [1000, 1001, 100_000])
def test_deep_request_values_are_sent_or_refused_never_recursion(tripwire, api, levels):
    value = chain(levels)
    if levels == 1000:
        assert api.using_endpoint("/echo").post(value)["body"] == chain_text(levels)
        return
    wire = halchemy.Api(tripwire.url())
    for place, call in (("the request body", lambda: wire.using_endpoint("/").post(value)),
                        ("template values", lambda: wire.using_endpoint("/{x}").with_template_values({"x": value}).get()),
                        ("query parameters", lambda: wire.using_endpoint("/").with_parameters({"x": value}).get())):
        with pytest.raises(halchemy.HalchemyError) as info:
            call()
        assert info.value.code == "json"
        assert str(info.value).startswith(place + ": not valid JSON: ")
        assert "1000" in str(info.value)
    assert tripwire.untouched()


def test_a_deep_resource_shows_in_jupyter(make_resource):
    r = deep_resource(make_resource, 5000, "field")
    assert "halchemy-resource" in r._repr_html_()


# ---- cycles -----------------------------------------------------------------------------

def test_a_cycle_in_a_resource_is_a_type_error_in_every_helper(api, make_resource):
    r = make_resource({"_links": {"self": {"href": "/x"}}, "_embedded": {"e": {}}, "items": []})
    r["me"] = r
    for helper in HELPERS.values():
        with pytest.raises(TypeError, match="^Circular reference detected$"):
            helper(api, r)


def test_a_cycle_in_links_is_a_type_error_when_following(api, make_resource):
    links = {"self": {"href": "/x"}}
    links["self"]["again"] = links
    r = make_resource({"_links": links})
    with pytest.raises(TypeError, match="^Circular reference detected$"):
        api.follow(r).to("self")


def test_a_cycle_in_request_values_is_a_type_error(tripwire):
    api = halchemy.Api(tripwire.url())
    deep_cycle = chain(5000)  # past the first levels, which are compared one by one
    v = deep_cycle
    while v:
        v = v["a"]
    v["back"] = [deep_cycle]
    for value in (deep_cycle, [1, {"x": deep_cycle}]):
        for call in (lambda: api.using_endpoint("/").post(value),
                     lambda: api.using_endpoint("/{x}").with_template_values({"x": value}).get(),
                     lambda: api.using_endpoint("/").with_parameters({"c": value}).get(),
                     lambda: api.using_endpoint("/").with_headers({"X": value}).get()):
            with pytest.raises(TypeError, match="^Circular reference detected$"):
                call()
    assert tripwire.untouched()


def test_the_same_object_twice_is_not_a_cycle(api):
    shared = {"k": [1]}
    value = [shared, shared, {"again": shared}, (shared,)]
    assert api.using_endpoint("/echo").post(value)["body"] == ENCODE(value)


# ---- lone surrogates: the class and message Node gives ----------------------------------

LONE = [
    ("body", {"x": "a\ud800"},
     "the request body: not valid JSON: a \\u escape that is a lone surrogate (at byte 7)"),
    ("body", ["\udc00"],
     "the request body: not valid JSON: a \\u escape that is a lone surrogate (at byte 2)"),
    ("values", {"x": "a\ud800"},
     "template values: not valid JSON: a \\u escape that is a lone surrogate (at byte 7)"),
    ("parameters", {"q": "\ud83dx"},
     "query parameters: not valid JSON: a \\u escape that is a lone surrogate (at byte 6)"),
    ("parameters", {"q\udfff": 1},
     "query parameters: not valid JSON: a \\u escape that is a lone surrogate (at byte 3)"),
    ("headers", {"X-A": "\udbff"},
     "headers: not valid JSON: a \\u escape that is a lone surrogate (at byte 8)"),
]


def send(api, place, value):
    if place == "body":
        return api.using_endpoint("/echo").post(value)["body"]
    if place == "values":
        return api.using_endpoint("/x/{x}{?y}").with_template_values(value).url
    if place == "parameters":
        return api.using_endpoint("/echo").with_parameters(value).get()["query"]
    if place == "headers":
        return api.using_endpoint("/echo").with_headers(value).get()["headers"]
    r = api.using_endpoint("/hal").get()  # "links": the resource's fields, then .links
    r.update(value)
    return r.links


def outcome(api, place, value):
    try:
        return {"ok": send(api, place, value)}
    except Exception as e:  # noqa: BLE001 - the class is what is compared
        return {"error": type(e).__name__, "code": getattr(e, "code", None), "message": str(e)}


def node_outcomes(base, cases):
    """The same cases through the Node package (None when it is not built here)."""
    if not (shutil.which("node") and os.path.exists(ADDON)):
        return None
    script = r"""
const [lib, base, casesJson] = process.argv.slice(1)
const { Api } = require(lib)
;(async () => {
  const out = []
  for (const [place, value] of JSON.parse(casesJson)) {
    const api = new Api(base)
    try {
      let r
      if (place === 'body') r = (await api.usingEndpoint('/echo').post(value)).body
      else if (place === 'values') r = api.usingEndpoint('/x/{x}{?y}').withTemplateValues(value).url
      else if (place === 'parameters') r = (await api.usingEndpoint('/echo').withParameters(value).get()).query
      else if (place === 'headers') r = (await api.usingEndpoint('/echo').withHeaders(value).get()).headers
      else { const res = await api.usingEndpoint('/hal').get(); Object.assign(res, value); r = res.links }
      out.push({ ok: r })
    } catch (e) { out.push({ error: e.constructor.name, code: e.code ?? null, message: e.message }) }
  }
  console.log(JSON.stringify(out))
})()
"""
    # ensure_ascii: the surrogates travel as \uXXXX escapes, which JSON.parse reads as such
    done = subprocess.run(["node", "-e", script, os.path.join(ROOT, "node", "lib"), base,
                           json.dumps(cases)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("place,value,message", LONE)
def test_a_lone_surrogate_is_refused_by_the_core(tripwire, place, value, message):
    api = halchemy.Api(tripwire.url())
    with pytest.raises(halchemy.HalchemyError) as info:
        send(api, place, value)
    assert info.value.code == "json"
    assert str(info.value) == message
    assert type(info.value).__name__ == "InvalidValueError"
    assert tripwire.untouched()


def test_surrogates_give_what_node_gives(api, base):
    cases = [[place, value] for place, value, _ in LONE] + [
        ["body", {"pair": "\ud83d\ude00", "real": "\U0001F600"}],  # a pair reads as its character
        ["parameters", {"q": "\ud83d\ude00"}],
        ["links", {"name": "a\ud800"}],          # the resource: "not valid JSON", as in Node
        ["links", {"name": "\ud83d\ude00"}],
    ]
    mine = [outcome(api, place, value) for place, value in cases]
    assert mine[len(LONE)] == {"ok": "{\"pair\":\"\U0001F600\",\"real\":\"\U0001F600\"}"}
    assert mine[len(LONE) + 1] == {"ok": "q=%F0%9F%98%80"}
    assert mine[len(LONE) + 2]["message"] == "the resource is not valid JSON"
    assert mine[len(LONE) + 3]["ok"][0] == "self"
    theirs = node_outcomes(base, cases)
    if theirs is None:
        pytest.skip("the Node addon is not built (npm install): compared with the messages above only")
    assert mine == theirs


# ---- numbers and the text itself ------------------------------------------------------

def test_big_integers_are_sent_exactly(api):
    class Big(enum.IntEnum):
        N = 2 ** 64 + 1
    value = {"a": 10 ** 30, "b": -(2 ** 70) - 1, "c": 9007199254740993, "d": Big.N,
             "e": 10 ** 4299, "t": True, "f": False, "z": 0}
    body = api.using_endpoint("/echo").post(value)["body"]
    assert body == ('{"a":1' + "0" * 30 + ',"b":-1180591620717411303425,"c":9007199254740993,'
                    '"d":18446744073709551617,"e":1' + "0" * 4299 + ',"t":true,"f":false,"z":0}')


def test_an_int_longer_than_pythons_digit_limit_is_pythons_value_error(tripwire):
    api = halchemy.Api(tripwire.url())
    with pytest.raises(ValueError, match="int_max_str_digits|integer string conversion"):
        api.using_endpoint("/").post({"n": 10 ** 5000})
    assert tripwire.untouched()


def test_floats_round_trip(api):
    floats = [0.1, 1e-7, 1.5e300, -0.0, 0.0, 5e-324, 1.7976931348623157e308, 1e16, 1e22,
              123456789.125, -2.5, 2.0 ** 53, 1 / 3]
    body = api.using_endpoint("/echo").post(floats)["body"]
    assert body == ENCODE(floats)
    assert body.startswith("[0.1,1e-07,1.5e+300,-0.0,0.0,5e-324,")
    back = api.using_endpoint("/reply").with_parameters({"text": body, "type": "application/json"}).get()
    got = back._halchemy.response.body
    assert got == floats
    assert math.copysign(1, got[3]) == -1.0  # -0.0 keeps its sign


def test_nonfinite_floats_anywhere_are_the_cores_message(tripwire):
    api = halchemy.Api(tripwire.url())
    for token, value in (("NaN", math.nan), ("Infinity", math.inf), ("-Infinity", -math.inf)):
        with pytest.raises(halchemy.HalchemyError) as info:
            api.using_endpoint("/").post({"deep": chain(500, [value])})
        assert str(info.value) == f"the request body: {token} is a number JSON cannot represent; nothing was sent"
        with pytest.raises(halchemy.HalchemyError) as info:
            api.using_endpoint("/").with_headers({"X": value}).get()
        assert str(info.value) == f"headers: {token} is a number JSON cannot represent; nothing was sent"
    assert tripwire.untouched()


def test_keys_are_written_as_json_writes_them(api):
    value = {1: "int", 2.5: "float", False: "false", None: "null", "s": 1, -7: "neg"}
    assert api.using_endpoint("/echo").post(value)["body"] == json.dumps(value, separators=(",", ":"))


@pytest.mark.parametrize("value,message", [
    ({"x": object()}, "Object of type object is not JSON serializable"),
    ({"x": [1, {2, 3}]}, "Object of type set is not JSON serializable"),
    ({"x": b"bytes"}, "Object of type bytes is not JSON serializable"),
    ({(1, 2): "x"}, "keys must be str, int, float, bool or None, not tuple"),
])
def test_values_json_has_no_form_for_name_their_type(tripwire, value, message):
    api = halchemy.Api(tripwire.url())
    with pytest.raises(TypeError) as info:
        api.using_endpoint("/").post(value)
    assert str(info.value) == message
    assert tripwire.untouched()


def test_the_helpers_write_other_values_as_their_str(api, make_resource):
    """As json.dumps(default=str) did: the helpers look only at _links and _embedded."""
    import datetime
    r = make_resource({"_links": {"self": {"href": "/x"}}, "when": datetime.date(2024, 1, 2),
                       "tags": {"a"}, "raw": b"x"})
    assert r.links == ["self"] and r.has_rel("self")


class Str(str):
    pass


class Float(float):
    def __repr__(self):
        return "not used"


class Ordered(collections.OrderedDict):
    pass


def random_value(rnd, depth=0):
    chars = ["a", '"', "\\", "\n", "\x00", "\x1f", "\x7f", "é", "\xff", "ā", "€", "\U0001F600",
             "/", "\t", "\b", "\f", "\r", " ", "\u2028"]

    def text():
        return "".join(rnd.choice(chars) for _ in range(rnd.randrange(8)))
    k = rnd.randrange(6) if depth < 6 else 0
    if k <= 2:
        return rnd.choice([
            text, lambda: None, lambda: True, lambda: False, lambda: Str(text()),
            lambda: rnd.randrange(-10 ** 30, 10 ** 30), lambda: rnd.randrange(-100, 100),
            lambda: rnd.uniform(-1, 1) * 10.0 ** rnd.randrange(-320, 308),
            lambda: rnd.choice([0.1, 1e-7, 1.5e300, -0.0, 1e16, 1e22, 5e-324]),
            lambda: Float(rnd.random())])()
    if k == 3:
        return [random_value(rnd, depth + 1) for _ in range(rnd.randrange(4))]
    if k == 4:
        return tuple(random_value(rnd, depth + 1) for _ in range(rnd.randrange(3)))
    d = rnd.choice([dict, Ordered])()
    for _ in range(rnd.randrange(4)):
        key = rnd.choice([text, lambda: rnd.randrange(-5, 5), lambda: None, lambda: 1.5])()
        d[key] = random_value(rnd, depth + 1)
    if isinstance(d, Ordered) and len(d) > 1:
        d.move_to_end(next(iter(d)))  # items() order, not the storage order
    return d


def test_the_text_is_what_json_dumps_writes(core):
    rnd = random.Random(10)
    for _ in range(3000):
        v = random_value(rnd)
        assert core.to_json(v) == ENCODE(v), repr(v)


def test_the_text_reaches_the_server_as_written(api):
    rnd = random.Random(11)
    value = [random_value(rnd) for _ in range(50)]
    assert api.using_endpoint("/echo").post(value)["body"] == ENCODE(value)
