"""The hostile server suite, Python side (issue 10): every case of cases.json against the
Python binding, on ONE Api for the whole module; after each case the same Api must still
GET /ok. hostile.test.js runs the same table against Node."""
import json
import os
import sys
import time

import pytest

import halchemy

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "server"))
from serverproc import start_script, stop_script  # noqa: E402  (one way for every suite)
TABLE = json.load(open(os.path.join(HERE, "cases.json"), encoding="utf-8"))
CASES = TABLE["cases"]
DEFAULTS = TABLE["defaults"]
OK = {"ok": True, "_links": {"self": {"href": "/ok"}}}
NO_RESPONSE = "Did not receive a response from the server"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hostile server's base URL (tests/hostile/server.py prints it first)."""
    proc, base = start_script(os.path.join(HERE, "server.py"), ["--port", "0"])
    yield base
    stop_script(proc)


@pytest.fixture(scope="module")
def api(hostile, tmp_path_factory):
    """The one Api of this module; no .halchemy file can change its settings."""
    empty = tmp_path_factory.mktemp("config") / "empty.ini"
    empty.write_text("")
    old = os.environ.get("HALCHEMY_CONFIG")
    os.environ["HALCHEMY_CONFIG"] = str(empty)
    try:
        yield halchemy.Api(hostile, timeout=DEFAULTS["timeout"])
    finally:
        if old is None:
            os.environ.pop("HALCHEMY_CONFIG", None)
        else:
            os.environ["HALCHEMY_CONFIG"] = old


def seen(api, case):
    """How many requests the server has seen for the case's server-side name."""
    name = case["path"].split("/")[2]
    return api.using_endpoint(f"/count/{name}").get()["count"]


def request_headers(case):
    spec = case.get("request", {})
    headers = {name: "a" * size for name, size in spec.get("header_sizes", {}).items()}
    if "header_count" in spec:
        n, size = spec["header_count"]
        headers.update({f"X-H{i:04d}": "a" * size for i in range(n)})
    return headers


def run(api, case, raise_network):
    """(resource or None, error or None, seconds) of one GET of the case's path."""
    api.error_handling.raise_for_network_errors = raise_network
    settings = case.get("settings", {})
    api.timeout = settings.get("timeout", DEFAULTS["timeout"])
    if "max_body" in settings:
        api.max_body = settings["max_body"]
    requester = api.using_endpoint(case["path"])
    headers = request_headers(case)
    if headers:
        requester = requester.with_headers(headers)
    start = time.monotonic()
    try:
        return requester.get(), None, time.monotonic() - start
    except Exception as e:  # noqa: BLE001 - the table says which class it must be
        return None, e, time.monotonic() - start
    finally:
        api.timeout = DEFAULTS["timeout"]
        api.max_body = 64 * 1024 * 1024
        api.error_handling.raise_for_network_errors = True


def check_error(case, resource, error, raise_network):
    want = case["expect"]
    cls = getattr(halchemy, want["class"])
    if raise_network or want.get("always_raises"):
        assert resource is None, f"expected {want['class']}, got status {resource._halchemy.response.status_code}"
        assert isinstance(error, cls), f"expected {want['class']}, got {type(error).__name__}: {error}"
        assert isinstance(error, halchemy.HalchemyError)
        got = error
    else:
        assert error is None, f"raise_for_network_errors is off, yet {type(error).__name__}: {error}"
        meta = resource._halchemy
        assert meta.response.status_code == 0
        assert meta.response.reason == NO_RESPONSE
        assert dict(resource) == {}
        got = meta.error
        assert isinstance(got, cls)
    assert got.code == want["error"], str(got)
    for fragment in want["message"]:
        assert fragment in str(got), f"{fragment!r} not in {str(got)!r}"
    if isinstance(got, halchemy.NetworkError):
        assert got.resource._halchemy.response.status_code == 0
        assert got.resource._halchemy.response.reason == NO_RESPONSE


def check_response(case, resource, error):
    want = case["expect"]
    assert error is None, f"{type(error).__name__}: {error}"
    response = resource._halchemy.response
    assert resource._halchemy.error is None
    assert response.status_code == want["status"]
    if "reason" in want:
        assert response.reason == want["reason"]
    for name, value in want.get("headers", {}).items():
        assert response.headers[name] == value, name
        assert response.headers[name.lower()] == value, name
    for name in want.get("headers_absent", []):
        assert name not in response.headers
    if "body" in want:
        assert dict(resource) == want["body"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_case_then_the_api_still_works(api, case):
    want = case["expect"]
    modes = (True, False) if "error" in want else (True,)
    for raise_network in modes * case.get("repeat", 1):
        before = seen(api, case)
        resource, error, seconds = run(api, case, raise_network)
        if "error" in want:
            check_error(case, resource, error, raise_network)
        else:
            check_response(case, resource, error)
        if "seconds" in want:
            low, high = want["seconds"]
            assert low <= seconds <= high, f"took {seconds:.3f} s, expected {low}-{high} s"
        after = seen(api, case)
        sent = want.get("sent", True)
        if sent is True:
            assert after > before, "the server never saw the request"
        elif sent is False:
            assert after == before, "the request was sent although it was refused"
        # sent None: either (a deadline of 1 ms may end before the request is written)
        ok = api.using_endpoint("/ok").get()
        assert ok._halchemy.response.status_code == 200
        assert dict(ok) == OK
