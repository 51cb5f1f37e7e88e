"""SPEC §12 redirects: every case of tests/vectors/redirects.json through the Python API
against the test servers (the C and Node runners read the same file)."""
import json
import os

import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

with open(os.path.join(os.path.dirname(__file__), "..", "vectors", "redirects.json"),
          encoding="utf-8") as f:
    CASES = json.load(f)["cases"]


def _target(case, base, other_base):
    return {"same": "/echo/r", "other": other_base + "/echo/r"}.get(case["to"], case["to"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['method']}-{c['code']}-{c['to']}")
def test_redirect(case, base, other_base):
    api = halchemy.Api(base)
    requester = api.using_endpoint("/redirect").with_parameters(
        {"to": _target(case, base, other_base), "code": case["code"]})
    method = getattr(requester, case["method"].lower())

    def send():
        return method(case["data"]) if "data" in case else method()
    if "error" in case:
        with pytest.raises(halchemy.NetworkError) as info:
            send()
        assert info.value.code == case["error"]
        assert info.value.resource._halchemy.response.status_code == 0
        return
    echo = send()
    want = case["expected"]
    assert echo["path"] == "/echo/r"
    assert echo["method"] == want["method"]
    assert (echo["body"] != "") == want["body"]
    if want["body"]:
        assert json.loads(echo["body"]) == case["data"]
    assert ("Authorization" in echo["headers"]) == want["authorization"]
    assert echo._halchemy.request.method == want["method"]
    assert api.using_endpoint("/echo/after").get()["path"] == "/echo/after"  # the Api still works
