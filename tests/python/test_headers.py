"""SPEC §6: default headers, case-insensitive names, per-request headers for that request
only, library headers overridable, and CR/LF in a header rejected before anything is sent.
What the server received is read from /echo."""
import pytest
from conftest import DEFAULTS as _DEFAULTS

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

DEFAULTS = {name.lower(): value for name, value in _DEFAULTS["headers"].items()}


def names(echo, name):
    """The spellings of header `name` (any case) the server received; the test server joins
    repeated lines of one spelling with ", ", so a duplicate shows up either way."""
    return [n for n in echo["headers"] if n.lower() == name.lower()]


LAYERS = ["file", "constructor", "set", "request"]  # the order they can happen in Python


def layer_of(op):
    return "set" if op[0] == "remove" else op[0]


@pytest.mark.vectors("headers.json")
def test_header_operations_vector(case, errors, base, isolated_config, received):
    """Each op through its public API: 'file' a [headers] line of the project's .halchemy,
    'constructor' the headers argument of Api(), 'set' add_headers, 'remove'
    remove_headers, 'request' with_headers. 'expected' is the Api's set (without request
    ops) and, always, what one request to /echo sends."""
    ops = case["ops"]
    order = [LAYERS.index(layer_of(op)) for op in ops]
    assert order == sorted(order), "ops in an order Python cannot express"
    if any(op[0] == "file" and ("\r" in op[2] or "\n" in op[2]) for op in ops):
        pytest.skip("a value with CR/LF cannot be written into one INI line (the INI reader "
                    "splits it); CR/LF in a file is covered by config.json")
    file_ops = [op for op in ops if op[0] == "file"]
    if file_ops:
        (isolated_config / ".halchemy").write_text(
            "[headers]\n" + "".join(f"{name} = {value}\n" for _, name, value in file_ops), encoding="utf-8")
    constructor = {}
    for _, name, value in (op for op in ops if op[0] == "constructor"):
        constructor = {k: v for k, v in constructor.items() if k.lower() != name.lower()}
        constructor[name] = value
    request = {}
    for _, name, value in (op for op in ops if op[0] == "request"):
        request[name] = value

    def run():
        api = halchemy.Api(base, constructor or None)
        for op in ops:
            if op[0] == "remove":
                api.remove_headers([op[1]])
            elif op[0] == "set":
                api.add_headers({op[1]: op[2]})
        return api

    if "error" in case:
        failing = ops[-1]  # the vectors' bad op comes last (after any good ones)
        if failing[0] == "request":
            api = run()
            with pytest.raises(errors[case["error"]]):
                api.using_endpoint("/echo").with_headers(request).get()
            assert "injected" not in received(api.using_endpoint("/echo").get())
        elif failing[0] == "set":
            ops = ops[:-1]
            api = run()
            before = api.headers
            with pytest.raises(errors[case["error"]]):
                api.add_headers({failing[1]: failing[2]})
            assert api.headers == before  # a refused header leaves the set unchanged
        else:
            with pytest.raises(ValueError):  # constructor: a header error; file: a config error
                run()
        return

    api = run()
    expected = case["expected"]
    if not request:
        assert list(api.headers.items()) == list(expected.items())
    echo = api.using_endpoint("/echo").with_headers(request).get()
    sent = received(echo)
    for name, value in expected.items():
        assert sent.get(name.lower()) == value, name
        assert len([n for n in echo["headers"] if n.lower() == name.lower()]) == 1, name
    mentioned = {op[1].lower() for op in ops} | {"content-type", "accept", "authorization"}
    for name in mentioned - {n.lower() for n in expected}:
        assert name not in sent, name


def test_default_headers_are_sent(api, received):
    sent = received(api.using_endpoint("/echo").get())
    for name, value in DEFAULTS.items():
        assert sent[name] == value


def test_default_headers_are_sent_with_every_method(api, received):
    for method in ("post", "put", "patch", "delete"):
        sent = received(getattr(api.using_endpoint("/echo"), method)())
        assert sent["authorization"] == DEFAULTS["authorization"], method
        assert sent["accept"] == DEFAULTS["accept"], method


def test_setting_a_header_in_another_case_replaces_it_on_the_wire(api):
    api.add_headers({"content-type": "text/plain"})
    echo = api.using_endpoint("/echo").post("x", content_type=None)
    spellings = names(echo, "content-type")
    assert len(spellings) == 1
    assert echo["headers"][spellings[0]] == "text/plain"


def test_headers_added_to_the_api_are_sent_on_later_requests(api, received):
    api.add_headers({"X-Team": "blue"})
    assert received(api.using_endpoint("/echo").get())["x-team"] == "blue"
    assert received(api.using_endpoint("/echo").get())["x-team"] == "blue"


def test_removed_headers_are_not_sent(api, received):
    api.remove_headers(["Authorization"])
    assert "authorization" not in received(api.using_endpoint("/echo").get())


def test_replaced_headers_drop_the_defaults_on_the_wire(api, received):
    api.headers = {"X-Only": "1"}
    sent = received(api.using_endpoint("/echo").get())
    assert sent["x-only"] == "1"
    assert "authorization" not in sent
    assert "accept" not in sent  # not even libcurl's own */*


def test_per_request_headers_override_the_defaults_for_that_request_only(api, received):
    once = api.using_endpoint("/echo").with_headers({"accept": "text/csv", "X-Once": "1"}).get()
    sent = received(once)
    assert sent["accept"] == "text/csv"
    assert len(names(once, "accept")) == 1
    assert sent["x-once"] == "1"

    again = received(api.using_endpoint("/echo").get())
    assert again["accept"] == DEFAULTS["accept"]
    assert "x-once" not in again
    assert api.headers["Accept"] == DEFAULTS["accept"]


def test_per_request_headers_on_a_followed_link(api, received):
    hal = api.using_endpoint("/hal").get()
    sent = received(api.follow(hal).to("related").with_headers({"X-Trace": "abc"}).get())
    assert sent["x-trace"] == "abc"
    assert "x-trace" not in received(api.follow(hal).to("related").get())


def test_per_request_headers_are_recorded_in_the_request(api):
    echo = api.using_endpoint("/echo").with_headers({"X-Trace": "abc"}).get()
    assert echo._halchemy.request.headers["x-trace"] == "abc"
    assert echo._halchemy.request.headers["Authorization"] == DEFAULTS["authorization"]


@pytest.mark.parametrize("name,value", [("User-Agent", "mine/1.0"), ("Connection", "close"),
                                        ("Accept-Encoding", "identity")])
def test_a_header_the_library_adds_itself_can_be_overridden(api, received, name, value):
    echo = api.using_endpoint("/echo").with_headers({name: value}).get()
    assert received(echo)[name.lower()] == value
    assert len(names(echo, name)) == 1


def test_a_library_header_set_as_a_default_is_used(api, received):
    api.add_headers({"User-Agent": "team-client/2"})
    assert received(api.using_endpoint("/echo").get())["user-agent"] == "team-client/2"


# ---- header injection -------------------------------------------------------------------

INJECTIONS = [
    {"X-A": "1\r\nX-Injected: yes"},
    {"X-A": "1\nX-Injected: yes"},
    {"X-A": "1\rX-Injected: yes"},
    {"X-A\r\nX-Injected": "yes"},
    {"X-A\n": "1"},
]


@pytest.mark.parametrize("headers", INJECTIONS, ids=repr)
def test_crlf_in_a_per_request_header_is_rejected_and_nothing_is_sent(tripwire, headers):
    api = halchemy.Api(tripwire.url())
    with pytest.raises(ValueError) as exc:
        api.using_endpoint("/echo").with_headers(headers).get()
    assert "header" in str(exc.value).lower()
    assert tripwire.untouched()


@pytest.mark.parametrize("headers", INJECTIONS, ids=repr)
def test_crlf_in_a_default_header_is_rejected_and_the_api_still_works(api, headers, received, still_works):
    before = api.headers
    with pytest.raises(ValueError):
        api.add_headers(headers)
    assert api.headers == before
    with pytest.raises(ValueError):
        api.headers = headers
    assert api.headers == before
    with pytest.raises(ValueError):
        halchemy.Api(api.base_url, headers)
    sent = received(api.using_endpoint("/echo").get())
    assert "x-injected" not in sent
    still_works(api)


def test_a_rejected_per_request_header_leaves_the_api_working(api, received, still_works):
    with pytest.raises(ValueError):
        api.using_endpoint("/echo").with_headers({"X-A": "1\r\nX-Injected: yes"}).post({"a": 1})
    sent = received(api.using_endpoint("/echo").get())
    assert "x-injected" not in sent and "x-a" not in sent
    still_works(api)
