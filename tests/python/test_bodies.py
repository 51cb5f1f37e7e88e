"""SPEC §7: request bodies, checked on the wire: /echo returns the body it received."""
import json

import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)


@pytest.mark.vectors("bodies.json")
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_body_vector(api, case, method, received):
    data = halchemy.JSON_NULL if case["data"] is None else case["data"]
    echo = getattr(api.using_endpoint("/echo"), method)(data, content_type=case["content_type"])
    assert echo["method"] == method.upper()
    assert echo["body"] == case["expected"]
    assert echo._halchemy.request.body == case["expected"]
    if case["content_type"] is not None:
        assert received(echo)["content-type"] == case["content_type"]
    else:
        assert received(echo)["content-type"] == "application/json"


@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_no_data_means_no_body(api, method):
    echo = getattr(api.using_endpoint("/echo"), method)()
    assert echo["body"] == ""
    assert echo._halchemy.request.body is None
    echo = getattr(api.using_endpoint("/echo"), method)(None)
    assert echo["body"] == ""


def test_delete_sends_no_body(api):
    echo = api.using_endpoint("/echo").delete()
    assert echo["method"] == "DELETE"
    assert echo["body"] == ""


def test_json_null_sends_a_null_body(api):
    assert api.using_endpoint("/echo").post(halchemy.JSON_NULL)["body"] == "null"


@pytest.mark.parametrize("data", [
    {"name": "John", "age": 50},
    [1, "two", 3.0, None, True],
    {"nested": {"list": [{"a": 1}, {"b": [2, 3]}], "empty": {}, "none": None}},
    {"unicode": "Grüße, 中文, 😀", "quote": "\"'\\"},
    50, -12, 3.141592653, "", True, False, [], {},
])
def test_json_bodies_arrive_as_the_same_json(api, data):
    echo = api.using_endpoint("/echo").post(data)
    assert json.loads(echo["body"]) == data


def test_json_body_is_utf8_on_the_wire(api):
    echo = api.using_endpoint("/echo").post({"name": "中文"})
    assert json.loads(echo["body"]) == {"name": "中文"}
    assert echo._halchemy.request.body is not None


def test_a_resource_can_be_sent_back_as_a_body_without_its_halchemy(api):
    customer = api.using_endpoint("/customers/A375").get()
    echo = api.using_endpoint("/echo").put(customer)
    sent = json.loads(echo["body"])
    assert sent == dict(customer)
    assert "_halchemy" not in sent


def test_form_encoded_dict(api):
    echo = api.using_endpoint("/echo").post({"name": "John Doe", "age": 50},
                                            content_type="application/x-www-form-urlencoded")
    assert echo["body"] == "name=John+Doe&age=50"


def test_form_encoding_encodes_like_query_parameters(api):
    echo = api.using_endpoint("/echo").post({"q": "a&b=c", "emoji": "😀"},
                                            content_type="application/x-www-form-urlencoded")
    assert echo["body"] == "q=a%26b%3Dc&emoji=%F0%9F%98%80"


@pytest.mark.parametrize("content_type,text", [("text/plain", "raw text, as is"),
                                               ("text/csv", "a,b\n1,2\n"),
                                               ("application/xml", "<a x=\"1\">ü</a>")])
def test_a_string_with_another_content_type_is_sent_as_is(api, received, content_type, text):
    echo = api.using_endpoint("/echo").post(text, content_type=content_type)
    assert echo["body"] == text
    assert received(echo)["content-type"] == content_type


def test_content_type_argument_is_for_that_request_only(api, received):
    api.using_endpoint("/echo").post("x", content_type="text/plain")
    assert received(api.using_endpoint("/echo").post({"a": 1}))["content-type"] == "application/json"
    assert api.headers["Content-type"] == "application/json"


def test_content_type_argument_replaces_the_default_not_adds_one(api):
    echo = api.using_endpoint("/echo").patch("x", content_type="text/plain")
    assert [n for n in echo["headers"] if n.lower() == "content-type"] != []
    assert len([n for n in echo["headers"] if n.lower() == "content-type"]) == 1


def test_a_json_content_type_variant_still_serializes_json(api):
    echo = api.using_endpoint("/echo").patch({"op": "replace"}, content_type="application/merge-patch+json")
    assert json.loads(echo["body"]) == {"op": "replace"}


def test_a_large_body_arrives_whole(api):
    data = {"items": ["x" * 100] * 10000}
    echo = api.using_endpoint("/echo").post(data)
    assert json.loads(echo["body"]) == data
