"""SPEC §5: query parameters: form-encoded, merged with a query already in the URL, lists
in the Api's `parameters_list_style`."""
import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

BASE = "http://example.org"
LIST = {"list": ["a", "b", "c"]}


@pytest.mark.vectors("query.json")
def test_query_vector(case, errors):
    api = halchemy.Api(BASE)
    requester_url = case.get("url", "/test")
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            api.parameters_list_style = case["style"]
            api.using_endpoint(requester_url).with_parameters(case["params"]).url
        assert case["style"] in str(exc.value)
        return
    if "style" in case:
        api.parameters_list_style = case["style"]
    assert api.using_endpoint(requester_url).with_parameters(case["params"]).url == BASE + case["expected"]


@pytest.mark.parametrize("params,query", [
    ({"name": "John Doe"}, "name=John+Doe"),
    ({"name": "John", "address": "123 Main St", "age": 50}, "name=John&address=123+Main+St&age=50"),
    ({"pretty": None}, "pretty"),
    ({"pretty": True}, "pretty=true"),
    ({"name": "John", "address": {"street": "123 Main", "city": "Springfield"}},
     "name=John&address.street=123+Main&address.city=Springfield"),
    ({"where": '{"account":"1234"}'}, "where=%7B%22account%22%3A%221234%22%7D"),
    ({"special": "$&+,/:;=?@"}, "special=%24%26%2B%2C%2F%3A%3B%3D%3F%40"),
    ({"emoji": "😀", "chinese": "中文"}, "emoji=%F0%9F%98%80&chinese=%E4%B8%AD%E6%96%87"),
])
def test_spec_table_reaches_the_server_as_written(api, params, query):
    echo = api.using_endpoint("/echo").with_parameters(params).get()
    assert echo["query"] == query


@pytest.mark.parametrize("style,query", [
    ("repeat_key", "list=a&list=b&list=c"),
    ("bracket", "list[]=a&list[]=b&list[]=c"),
    ("index", "list[0]=a&list[1]=b&list[2]=c"),
    ("comma", "list=a,b,c"),
    ("pipe", "list=a|b|c"),
])
def test_list_styles(api, style, query):
    api.parameters_list_style = style
    assert api.using_endpoint("/echo").with_parameters(LIST).url.endswith("/echo?" + query)
    assert api.using_endpoint("/echo").with_parameters(LIST).get()["query"] == query


def test_repeat_key_is_the_default_list_style(api):
    assert api.using_endpoint("/echo").with_parameters(LIST).get()["query"] == "list=a&list=b&list=c"


def test_an_unknown_list_style_is_a_clear_error_and_the_old_style_stays():
    api = halchemy.Api(BASE)
    api.parameters_list_style = "comma"
    with pytest.raises(ValueError) as exc:
        api.parameters_list_style = "semicolon"
    assert "semicolon" in str(exc.value)
    assert api.parameters_list_style == "comma"
    assert api.using_endpoint("/t").with_parameters(LIST).url == BASE + "/t?list=a,b,c"


def test_list_items_are_encoded_too():
    api = halchemy.Api(BASE)
    assert api.using_endpoint("/t").with_parameters({"l": ["a b", "c&d"]}).url == BASE + "/t?l=a+b&l=c%26d"


def test_parameters_merge_with_a_query_in_the_url(api):
    assert api.using_endpoint("/echo?age=50").with_parameters({"name": "John"}).get()["query"] == "age=50&name=John"


def test_parameters_keep_a_trailing_slash(api):
    echo = api.using_endpoint("/echo/").with_parameters({"age": 50}).get()
    assert echo["path"] == "/echo/" and echo["query"] == "age=50"


def test_parameters_merge_with_a_query_from_a_template(api):
    hal = api.using_endpoint("/hal").get()
    echo = api.follow(hal).to("search").with_template_values({"q": "a b"}).with_parameters({"page": 2}).get()
    assert echo["path"] == "/echo/search"
    assert echo["query"] == "q=a%20b&page=2"


def test_empty_parameters_add_no_query(api, base):
    assert api.using_endpoint("/echo").with_parameters({}).url == base + "/echo"


def test_parameters_are_for_that_request_only(api):
    requester = api.using_endpoint("/echo")
    assert requester.with_parameters({"a": 1}).get()["query"] == "a=1"
    assert api.using_endpoint("/echo").get()["query"] == ""


def test_list_style_change_affects_later_requests():
    api = halchemy.Api(BASE)
    before = api.using_endpoint("/t").with_parameters(LIST).url
    api.parameters_list_style = "bracket"
    after = api.using_endpoint("/t").with_parameters(LIST).url
    assert before == BASE + "/t?list=a&list=b&list=c"
    assert after == BASE + "/t?list[]=a&list[]=b&list[]=c"
