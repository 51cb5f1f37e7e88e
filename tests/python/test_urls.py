"""SPEC §3: requesters and URL resolution. An href with a scheme is used as is; any other
is joined to the base URL with exactly one `/` between, keeping a trailing `/`."""
import pytest

import halchemy


@pytest.mark.vectors("url_join.json")
def test_url_resolution_vector(case, errors):
    api = halchemy.Api(case["base"])
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            api.using_endpoint(case["href"]).url
        scheme = case["href"].split(":", 1)[0].lower()
        assert scheme in str(exc.value).lower()
        return
    assert api.using_endpoint(case["href"]).url == case["expected"]


@pytest.mark.parametrize("base_url,href,expected", [
    ("http://example.org", "/", "http://example.org/"),
    ("http://example.org/", "/path", "http://example.org/path"),
    ("https://example.org/api", "/path/", "https://example.org/api/path/"),
    ("http://example.org/api/", "/path/to/resource", "http://example.org/api/path/to/resource"),
    ("http://example.org/api", "/", "http://example.org/api/"),
])
def test_spec_table_of_url_resolution(base_url, href, expected):
    assert halchemy.Api(base_url).using_endpoint(href).url == expected


def test_the_request_goes_to_the_resolved_url(api, base):
    echo = api.using_endpoint("/echo/a/b/").get()
    assert echo._halchemy.request.url == base + "/echo/a/b/"
    assert echo["path"] == "/echo/a/b/"


def test_a_base_url_with_a_path_prefixes_every_relative_href(base):
    api = halchemy.Api(base + "/echo/")
    echo = api.using_endpoint("/under/base").get()
    assert echo["path"] == "/echo/under/base"


def test_an_absolute_href_ignores_the_base_url(api, other_base):
    echo = api.using_endpoint(other_base + "/echo/there").get()
    assert echo._halchemy.request.url == other_base + "/echo/there"


def test_url_shows_template_values_and_parameters(api, base):
    requester = (api.using_endpoint("/echo/{id}{?q}")
                 .with_template_values({"id": "7", "q": "x"})
                 .with_parameters({"page": 2}))
    assert requester.url == base + "/echo/7?q=x&page=2"
    echo = requester.get()
    assert echo._halchemy.request.url == requester.url
    assert echo["path"] == "/echo/7" and echo["query"] == "q=x&page=2"


def test_fluent_methods_return_the_requester_for_chaining(api):
    requester = api.using_endpoint("/echo")
    assert requester.with_template_values({}) is not None
    chained = requester.with_template_values({}).with_parameters({"a": 1}).with_headers({"X-A": "1"})
    assert chained.get()["query"] == "a=1"


def test_changing_the_base_url_affects_later_requests_only(api, base, other_base):
    before = api.using_endpoint("/echo/x").get()
    api.base_url = other_base
    after = api.using_endpoint("/echo/x").get()
    assert before._halchemy.request.url == base + "/echo/x"
    assert after._halchemy.request.url == other_base + "/echo/x"
    assert api.home.url == other_base + "/"


def test_a_requester_made_before_a_base_url_change_uses_the_new_base_when_it_requests(api, other_base):
    requester = api.using_endpoint("/echo/late")
    api.base_url = other_base
    assert requester.get()._halchemy.request.url == other_base + "/echo/late"


def test_a_link_with_a_query_keeps_it(api):
    echo = api.follow({"_links": {"q": {"href": "/echo/q?a=1&b=two"}}}).to("q").get()
    assert echo["query"] == "a=1&b=two"
