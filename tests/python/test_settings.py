"""SPEC §2 settings and SPEC §10 errors through the Python API, against the core's tables:
every case of tests/vectors/settings.json as a property and as a constructor keyword, the
error classes of tests/vectors/errors.json, and the defaults of tests/vectors/defaults.json."""
import builtins
import json
import os

import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

VECTORS = os.path.join(os.path.dirname(__file__), "..", "vectors")


def _load(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)


SETTINGS = _load("settings.json")
OWN_ARGUMENT = {s["name"] for s in SETTINGS["table"] if s["own_argument"]}


def _set_property(api, case):
    target = api.error_handling if case.get("group") else api
    setattr(target, case["name"], case["value"])


def _read_back(api, case):
    name = case.get("get_name", case["name"])
    return getattr(api.error_handling, name) if name.startswith("raise_") else getattr(api, name)


def _check(case, do, ERRORS):
    api = halchemy.Api("http://example.org")
    if case.get("error"):
        with pytest.raises(ERRORS[case["error"]]) as info:
            do(api)
        if case.get("message"):
            assert case["message"] in str(info.value)
        if case["error"] != "argument":
            assert info.value.code == case["error"]
    else:
        api = do(api) or api
    if "get" in case:
        assert _read_back(api, case) == case["get"]


KNOWN = {s["name"] for s in SETTINGS["table"]}


# An attribute the table does not know is plain Python (a new attribute), not a setting:
# unknown names are checked where settings are given by name (constructor, error_handling).
@pytest.mark.parametrize("case", [c for c in SETTINGS["cases"] if c["name"] in KNOWN],
                         ids=lambda c: f"{c.get('group') or ''}.{c['name']}={c['value']!r}")
def test_setting_as_property(case):
    from conftest import ERRORS
    _check(case, lambda api: _set_property(api, case), ERRORS)


@pytest.mark.parametrize("case", [c for c in SETTINGS["cases"] if not c.get("group")
                                  and c["name"] not in OWN_ARGUMENT],
                         ids=lambda c: f"{c['name']}={c['value']!r}")
def test_setting_as_keyword(case):
    from conftest import ERRORS

    def construct(_):
        return halchemy.Api("http://example.org", **{case["name"]: case["value"]})
    if case.get("error"):
        _check(case, construct, ERRORS)
    else:
        api = construct(None)
        if "get" in case:
            assert _read_back(api, case) == case["get"]


def test_the_table_is_the_cores():
    assert json.loads(halchemy._core.settings_table()) == SETTINGS["table"]
    assert json.loads(halchemy._core.errors_table()) == _load("errors.json")["table"]


def test_unknown_keyword_is_a_type_error():
    with pytest.raises(TypeError, match="unknown setting 'timout'"):
        halchemy.Api("http://example.org", timout=5)


@pytest.mark.parametrize("kind", _load("errors.json")["table"], ids=lambda k: k["code"])
def test_error_classes_follow_the_table(kind):
    cls = getattr(halchemy, kind["class"], None) or getattr(builtins, kind["class"])
    if kind["parent"]:
        assert issubclass(cls, getattr(halchemy, kind["parent"]))
        assert issubclass(cls, halchemy.HalchemyError)
    if kind["python_also"]:
        assert issubclass(cls, getattr(builtins, kind["python_also"]))


def test_timeout_error_is_both():
    assert issubclass(halchemy.TimeoutError, halchemy.NetworkError)
    assert issubclass(halchemy.TimeoutError, builtins.TimeoutError)
    assert issubclass(halchemy.MultiplicityError, halchemy.HalchemyError)
    assert issubclass(halchemy.MultiplicityError, TypeError)


def test_defaults():
    want = _load("defaults.json")
    api = halchemy.Api()
    for name, value in want["settings"].items():
        got = getattr(api.error_handling, name) if name.startswith("raise_") else getattr(api, name)
        assert got == value, name
    assert api.headers == want["headers"]
    assert list(api.headers) == list(want["headers"])
