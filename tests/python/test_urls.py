"""SPEC §3: requesters and URL resolution. An href with a scheme is used as is; any other
is joined to the base URL with exactly one `/` between, keeping a trailing `/`."""
import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)


@pytest.mark.vectors("url_join.json")
def test_url_resolution_vector(case, errors, core):
    if "document" in case:  # against the URL a resource came from: no public API takes it alone
        if "error" in case:
            with pytest.raises(errors[case["error"]]):
                core.url_resolve(case["base"], case["document"], case["href"])
                halchemy.Api(case["base"]).using_endpoint(case["href"]).url
            return
        assert core.url_resolve(case["base"], case["document"], case["href"]) == case["expected"]
        return
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


@pytest.mark.vectors("uri_reference.json")
def test_a_non_templated_href_is_a_uri_reference_vector(case, errors):
    """SPEC §4 v2: a link without templated: true is used as written, with the characters a
    URI may not hold percent-encoded; CR, LF and other controls are refused."""
    api = halchemy.Api("http://h")
    follow = api.follow({"_links": {"next": {"href": case["href"]}}})
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            follow.to("next").url
        assert "control character" in str(exc.value)
        return
    expected = case["expected"]
    assert follow.to("next").url == (expected if "://" in expected else
                                     core_join("http://h", expected))


def core_join(base, href):
    from halchemy import _core
    return _core.url_resolve(base, None, href)


def test_relative_hrefs_resolve_against_the_url_the_resource_came_from(api, base):
    """SPEC §3 v2: '../x', '?q' against the document URL; a root-relative href under the
    base URL's path is not prefixed twice."""
    api = halchemy.Api(base + "/echo/")
    resource = api.using_endpoint("customers/A375").get()
    assert resource._halchemy.request.url == base + "/echo/customers/A375"
    resource["_links"].update({"up": {"href": "../orders"}, "page": {"href": "?page=2"},
                               "abs": {"href": "/echo/customers/A376"}})
    up = api.follow(resource).to("up").get()
    assert up["path"] == "/echo/orders"
    page = api.follow(resource).to("page").get()
    assert (page["path"], page["query"]) == ("/echo/customers/A375", "page=2")
    other = api.follow(resource).to("abs").get()
    assert other["path"] == "/echo/customers/A376"


def test_a_non_templated_link_with_braces_is_sent_encoded(api, base):
    """Issue 9 #1: Eve's next link holds raw braces, quotes and a space."""
    resource = {"_links": {"next": {"href": '/echo/c?where={"familyName": "Doe"}&page=2'},
                           "notes": {"href": "/echo/notes?tag={draft}"}}}
    got = api.follow(resource).to("next").get()
    assert got["query"] == "where=%7B%22familyName%22:%20%22Doe%22%7D&page=2"
    notes = api.follow(resource).to("notes").get()
    assert notes["query"] == "tag=%7Bdraft%7D"


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
