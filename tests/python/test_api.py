"""SPEC §2, §3, §6, §7, §9: the Api's settings, requesters, headers, bodies and what a
request returns."""
import json

import pytest

import halchemy


def test_defaults():
    api = halchemy.Api()
    assert api.base_url == "http://localhost:2112"
    assert api.parameters_list_style == "repeat_key"
    assert api.etag_field == "_etag"
    assert api.timeout == 30
    assert api.error_handling.raise_for_network_errors is True
    assert api.error_handling.raise_for_status_codes is None
    assert api.headers == {"Content-type": "application/json",
                           "Accept": "application/hal+json, application/json;q=0.9, */*;q=0.8",
                           "Authorization": "Basic cm9vdDpwYXNzd29yZA=="}


def test_empty_base_url_is_an_error():
    with pytest.raises(ValueError):
        halchemy.Api("")
    api = halchemy.Api("http://example.org")
    with pytest.raises(ValueError):
        api.base_url = ""
    assert api.base_url == "http://example.org"


def test_constructor_headers_merge_over_defaults():
    api = halchemy.Api("http://example.org", {"authorization": "Bearer t", "X-A": "1"})
    assert api.headers["authorization"] == "Bearer t"
    assert "Authorization" not in api.headers
    assert api.headers["X-A"] == "1"
    assert api.headers["Accept"].startswith("application/hal+json")


def test_headers_replace_add_remove():
    api = halchemy.Api("http://example.org")
    api.add_headers({"CONTENT-TYPE": "text/plain"})
    assert [k for k in api.headers if k.lower() == "content-type"] == ["CONTENT-TYPE"]
    api.remove_headers(["accept", "X-Absent"])
    assert "Accept" not in api.headers
    api.headers = {"X-Only": "1"}
    assert api.headers == {"X-Only": "1"}


def test_error_handling_aliases_are_one_setting():
    api = halchemy.Api("http://example.org")
    api.error_handling.raise_on_network_error = False
    assert api.error_handling.raise_for_network_errors is False
    api.error_handling.raise_on_status_codes = ">499"
    assert api.error_handling.raise_for_status_codes == ">499"
    api.error_handling = {"raise_for_status_codes": None, "raise_for_network_errors": True}
    assert api.error_handling.raise_for_status_codes is None
    assert api.error_handling.raise_on_network_error is True


def test_home_and_root_are_read_only(api, base):
    for requester in (api.home, api.root):
        assert requester.url == base + "/"
        assert not hasattr(requester, "post")
        assert requester.get().has_rel("customers")
    assert api.home.head()._halchemy.response.status_code == 200
    assert api.home.options()._halchemy.response.status_code == 204


def test_follow_missing_rel_names_it(api):
    home = api.home.get()
    with pytest.raises(KeyError) as exc:
        api.follow(home).to("nonexistent")
    assert "nonexistent" in str(exc.value)


def test_follow_list_rel_by_name(api):
    hal = api.using_endpoint("/hal").get()
    assert api.follow(hal).to("related").get()["path"] == "/echo/one"
    assert api.follow(hal).to("related", name="two").get()["path"] == "/echo/two"
    with pytest.raises(KeyError) as exc:
        api.follow(hal).to("related", name="three")
    assert "three" in str(exc.value)


def test_templated_link_with_parameters(api):
    hal = api.using_endpoint("/hal").get()
    echo = api.follow(hal).to("search").with_template_values({"q": "a b"}).with_parameters({"page": 2}).get()
    assert echo["query"] == "q=a%20b&page=2"


def test_base_url_change_affects_later_requests_only(api, base, other_base):
    requester = api.using_endpoint("/echo/x")
    assert requester.url == base + "/echo/x"
    api.base_url = other_base
    assert requester.url == other_base + "/echo/x"


def test_default_headers_are_sent(api):
    echo = api.using_endpoint("/echo").get()
    assert echo["headers"]["Authorization"] == "Basic cm9vdDpwYXNzd29yZA=="
    assert echo["headers"]["Accept"] == "application/hal+json, application/json;q=0.9, */*;q=0.8"


def test_per_request_headers_override_for_that_request_only(api):
    echo = api.using_endpoint("/echo").with_headers({"accept": "text/csv", "X-Once": "1"}).get()
    assert echo["headers"]["accept"] == "text/csv"
    assert "Accept" not in echo["headers"]
    again = api.using_endpoint("/echo").get()
    assert again["headers"]["Accept"].startswith("application/hal+json")
    assert "X-Once" not in again["headers"]


def test_library_headers_can_be_overridden(api):
    echo = api.using_endpoint("/echo").with_headers({"User-Agent": "mine/1", "Connection": "close"}).get()
    assert echo["headers"]["User-Agent"] == "mine/1"
    assert echo["headers"]["Connection"] == "close"


def test_content_type_argument_sets_the_header(api):
    echo = api.using_endpoint("/echo").post("a,b", content_type="text/csv")
    assert echo["headers"]["Content-type"] == "text/csv"
    assert echo["body"] == "a,b"


def test_no_body_when_data_is_none(api):
    echo = api.using_endpoint("/echo").post()
    assert echo["body"] == ""
    assert echo._halchemy.request.body is None


def test_what_a_request_returns(api, base):
    customer = api.using_endpoint("/customers/A375").get()
    meta = customer._halchemy
    assert meta.request.method == "GET"
    assert meta.request.url == base + "/customers/A375"
    assert meta.request.headers["accept"].startswith("application/hal+json")
    assert meta.response.status_code == 200
    assert meta.response.reason == "OK"
    assert meta.response.headers["content-type"] == "application/hal+json"
    assert meta.response.headers["CONTENT-TYPE"] == "application/hal+json"
    assert meta.response.body["membershipId"] == "A375"
    assert meta.error is None
    assert "_halchemy" not in json.dumps(customer)
    assert isinstance(customer, dict)


@pytest.mark.parametrize("path,body", [("/text", "hello"), ("/list", [1, 2, 3]), ("/empty", ""),
                                       ("/malformed", '{"a": ')])
def test_non_object_bodies_give_an_empty_resource(api, path, body):
    resource = api.using_endpoint(path).get()
    assert dict(resource) == {}
    assert resource._halchemy.response.body == body


def test_not_hal_json_keeps_its_fields_and_helpers_say_what_is_missing(api):
    resource = api.using_endpoint("/not-hal").get()
    assert resource["name"] == "no links here"
    with pytest.raises(ValueError) as exc:
        resource.has_rel("self")
    assert "_links" in str(exc.value)


def test_raise_for_status_codes_on_metadata(api):
    resource = api.using_endpoint("/status/404").get()
    with pytest.raises(halchemy.HTTPError) as exc:
        resource._halchemy.raise_for_status_codes()
    assert exc.value.resource is resource
    resource._halchemy.raise_for_status_codes(">404")  # does not raise
    api.using_endpoint("/status/200").get()._halchemy.raise_for_status_codes()


def test_reason_phrase_is_kept(api):
    assert api.using_endpoint("/status/418?reason=Short+And+Stout").get()._halchemy.response.reason == "Short And Stout"
