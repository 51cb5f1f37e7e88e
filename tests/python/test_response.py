"""SPEC §9: a request returns the resource itself, with the HTTP details in `_halchemy`:
request (method, url, headers, body), response (status_code, reason, headers with
case-insensitive lookup, body) and error. (`_halchemy.raise_for_status_codes()` is tested
with the other status-code rules in test_errors.py.)"""
import json

import pytest

from conftest import DEFAULTS

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)


def test_request_details(api, base):
    customer = api.using_endpoint("/customers/{id}").with_template_values({"id": "A375"}).get()
    request = customer._halchemy.request
    assert request.method == "GET"
    assert request.url == base + "/customers/A375"
    assert request.headers["Accept"] == "application/hal+json, application/json;q=0.9, */*;q=0.8"
    assert request.headers["authorization"] == DEFAULTS["headers"]["Authorization"]
    assert request.body is None


def test_request_body_is_what_was_sent(api):
    echo = api.using_endpoint("/echo").with_parameters({"x": 1}).post({"a": [1, 2]})
    assert echo._halchemy.request.method == "POST"
    assert echo._halchemy.request.url.endswith("/echo?x=1")
    assert json.loads(echo._halchemy.request.body) == {"a": [1, 2]}
    assert echo._halchemy.request.body == echo["body"]


def test_response_details(api):
    customer = api.using_endpoint("/customers/A375").get()
    response = customer._halchemy.response
    assert response.status_code == 200
    assert response.reason == "OK"
    assert response.headers["Content-Type"] == "application/hal+json"
    assert response.body == dict(customer)
    assert customer._halchemy.error is None


@pytest.mark.parametrize("name", ["etag", "ETag", "ETAG", "eTaG"])
def test_response_headers_are_case_insensitive(api, name):
    customer = api.using_endpoint("/customers/A375").get()
    assert customer._halchemy.response.headers[name] == f'"{customer["_etag"]}"'
    assert name in customer._halchemy.response.headers


def test_response_headers_get_with_a_default(api):
    headers = api.using_endpoint("/echo").get()._halchemy.response.headers
    assert headers.get("content-type") == "application/hal+json"
    assert headers.get("x-not-there") is None
    assert headers.get("x-not-there", "fallback") == "fallback"
    with pytest.raises(KeyError):
        headers["x-not-there"]


def test_response_headers_can_be_listed(api):
    headers = api.using_endpoint("/echo").get()._halchemy.response.headers
    assert "content-length" in {name.lower() for name in headers}
    assert dict(headers.items())  # iterable as name/value pairs


def test_reason_phrase_is_the_one_the_server_sent(api):
    resource = api.using_endpoint("/status/418").with_parameters({"reason": "Short And Stout"}).get()
    assert resource._halchemy.response.status_code == 418
    assert resource._halchemy.response.reason == "Short And Stout"


@pytest.mark.parametrize("code", [201, 202, 301, 400, 401, 403, 404, 409, 422, 500, 502, 503])
def test_every_status_is_returned_as_a_resource_by_default(api, code):
    resource = api.using_endpoint(f"/status/{code}").get()
    assert resource._halchemy.response.status_code == code
    assert resource["status"] == code
    assert resource._halchemy.error is None


def test_a_redirect_is_followed_and_the_final_response_returned(api):
    echo = api.using_endpoint("/redirect").with_parameters({"to": "/echo/landed"}).get()
    assert echo._halchemy.response.status_code == 200
    assert echo["path"] == "/echo/landed"


def test_no_content_gives_an_empty_resource(api):
    resource = api.using_endpoint("/status/204").get()
    assert resource._halchemy.response.status_code == 204
    assert dict(resource) == {}


def test_head_gives_an_empty_resource_with_headers(api):
    resource = api.using_endpoint("/customers/A375").head()
    assert dict(resource) == {}
    assert resource._halchemy.response.status_code == 200
    assert resource._halchemy.response.headers["ETag"].startswith('"')


@pytest.mark.parametrize("path,body", [
    ("/text", "hello"),
    ("/list", [1, 2, 3]),
    ("/empty", ""),
])
def test_a_body_that_is_not_a_json_object_gives_an_empty_resource(api, path, body):
    resource = api.using_endpoint(path).get()
    assert isinstance(resource, dict)
    assert dict(resource) == {}
    assert resource._halchemy.response.body == body
    assert resource._halchemy.response.status_code == 200


def test_json_that_is_not_hal_keeps_its_fields(api):
    resource = api.using_endpoint("/not-hal").get()
    assert resource == {"name": "no links here"}
    assert resource._halchemy.response.body == {"name": "no links here"}


def test_hal_helpers_on_an_object_without_links_see_no_links(api):
    """SPEC §11 v2: a resource without _links has no links; the helpers work on it."""
    resource = api.using_endpoint("/not-hal").get()
    assert resource.links == []
    assert resource.has_rel("self") is False
    assert resource.embedded_rels == []


def test_hal_helpers_on_links_that_are_not_an_object_say_what_is_wrong(api):
    resource = api.using_endpoint("/not-hal").get()
    resource["_links"] = ["not", "an", "object"]
    with pytest.raises(ValueError) as exc:
        resource.has_rel("self")
    assert "_links is not an object" in str(exc.value)


def test_halchemy_is_not_a_field_of_the_resource(api):
    customer = api.using_endpoint("/customers/A375").get()
    assert "_halchemy" not in customer
    assert "_halchemy" not in list(customer)
    assert "_halchemy" not in json.dumps(customer)
    assert "_halchemy" not in repr(customer)
    assert customer == customer._halchemy.response.body


def test_each_response_has_its_own_details(api):
    first = api.using_endpoint("/echo/1").get()
    second = api.using_endpoint("/echo/2").post({"n": 2})
    assert first._halchemy.request.url.endswith("/echo/1")
    assert second._halchemy.request.url.endswith("/echo/2")
    assert first._halchemy.request.method == "GET"
    assert second._halchemy.request.method == "POST"
