"""Issue 14: every public name of halchemy has a docstring, so `pydoc halchemy` documents
each one: everything in `__all__`, and the public methods and properties of the classes a
user meets (Api, AsyncApi, the requesters, Follower, HalResource, HalchemyMetadata,
Request, Response, Hop, ErrorHandling, the errors). Inherited members count where they are
defined (dict's and Exception's own are the language's)."""
import inspect
import pydoc

import pytest

import halchemy
from halchemy._resource import Hop, Request, Response

CLASSES = [halchemy.Api, halchemy.AsyncApi, halchemy.ReadOnlyRequester, halchemy.Requester,
           halchemy.AsyncReadOnlyRequester, halchemy.AsyncRequester, halchemy.Follower,
           halchemy.AsyncFollower, halchemy.ErrorHandling, halchemy.HalResource,
           halchemy.HalchemyMetadata, halchemy.CaseInsensitiveDict, Request, Response, Hop,
           halchemy.Multiplicity]
CLASSES += [getattr(halchemy, n) for n in halchemy.__all__
            if inspect.isclass(getattr(halchemy, n)) and issubclass(getattr(halchemy, n), Exception)]
NOT_OURS = (dict, object, Exception, BaseException, ValueError, KeyError, TypeError,
            ConnectionError, OSError, TimeoutError)
SECTIONS = ("SPEC §",)


def _own_public_members(cls):
    """(name, object) of the public members cls defines or inherits from a halchemy class."""
    for name in dir(cls):
        if name.startswith("_"):
            continue
        owner = next((k for k in cls.__mro__ if name in vars(k)), None)
        if owner is None or owner in NOT_OURS or not owner.__module__.startswith("halchemy"):
            continue
        value = vars(owner)[name]
        if isinstance(value, (str, int, float, bool, type(None))) or isinstance(cls, type(
                halchemy.Multiplicity)) and isinstance(getattr(cls, name), cls):
            continue  # a constant (an error's code, an enum member): documented by the class
        yield f"{cls.__name__}.{name}", value


def _doc(value):
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    return value.__doc__ if isinstance(value, property) else inspect.getdoc(value)


def test_every_name_in_all_has_a_docstring():
    missing = [n for n in halchemy.__all__
               if not (inspect.getdoc(getattr(halchemy, n)) or "").strip()]
    assert not missing, f"no docstring: {missing}"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_public_member_has_a_docstring(cls):
    assert (cls.__doc__ or "").strip(), f"{cls.__name__} has no docstring"
    missing = [name for name, value in _own_public_members(cls)
               if not (_doc(value) or "").strip()]
    assert not missing, f"no docstring: {missing}"


def test_the_main_entry_points_name_their_spec_section():
    for obj in (halchemy.Api, halchemy.AsyncApi, halchemy.Requester.put,
                halchemy.ReadOnlyRequester.with_template_values,
                halchemy.ReadOnlyRequester.with_parameters, halchemy.ReadOnlyRequester.with_headers,
                halchemy.ReadOnlyRequester.get, halchemy.HalResource.embedded,
                halchemy.HalchemyMetadata, halchemy.HalchemyMetadata.raise_for_status_codes,
                halchemy.HTTPError, halchemy.NetworkError):
        assert any(s in inspect.getdoc(obj) for s in SECTIONS), obj


def test_settings_name_their_units_and_errors():
    assert "seconds" in halchemy.Api.timeout.__doc__.lower()
    assert "bytes" in halchemy.Api.max_body.__doc__
    assert "seconds" in inspect.getdoc(halchemy.ReadOnlyRequester.with_timeout)
    for name in ("timeout", "max_body", "verify", "proxy"):
        assert "TypeError" in getattr(halchemy.Api, name).__doc__


def test_pydoc_renders_the_package_with_every_name():
    text = pydoc.render_doc(halchemy, renderer=pydoc.plaintext)
    for name in ("Api", "HalResource", "with_conflict_retry", "HalchemyMetadata"):
        assert name in text


def test_the_walk_sees_the_members_it_should():
    """The test above is not vacuous: it reaches settings, methods and slots."""
    names = {n for n, _ in _own_public_members(halchemy.AsyncRequester)}
    assert {"AsyncRequester.get", "AsyncRequester.with_headers", "AsyncRequester.url"} <= names
    names = {n for n, _ in _own_public_members(halchemy.Api)}
    assert {"Api.timeout", "Api.max_body", "Api.follow", "Api.home", "Api.cookie_jar"} <= names
    assert {n for n, _ in _own_public_members(Response)} >= {"Response.status_code",
                                                              "Response.content"}
