"""SPEC §2: the Api object: settings and their defaults, the constructor, home/root,
using_endpoint, follow(...).to(rel), default headers, and the error-handling names."""
import pytest
from conftest import DEFAULTS

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

DEFAULT_HEADERS = DEFAULTS["headers"]


def lower_keys(headers):
    return {name.lower(): value for name, value in headers.items()}


# ---- exports --------------------------------------------------------------------------

def test_package_exports_the_public_names():
    for name in ("Api", "HTTPError", "NetworkError", "JSON_NULL", "Multiplicity"):
        assert hasattr(halchemy, name), name
    assert issubclass(halchemy.NetworkError, ConnectionError)
    assert issubclass(halchemy.HTTPError, Exception)
    assert {m.name for m in halchemy.Multiplicity} >= {"ONE", "MANY"}


# ---- defaults and settings ----------------------------------------------------------------

def test_defaults_without_a_config_file():
    api = halchemy.Api()
    assert api.base_url == "http://localhost:2112"
    assert api.parameters_list_style == "repeat_key"
    assert api.etag_field == "_etag"
    assert api.timeout == 30
    assert api.error_handling.raise_for_network_errors is True
    assert not api.error_handling.raise_for_status_codes  # none: None (or an empty spec)
    assert api.headers == DEFAULT_HEADERS


def test_each_setting_reads_back_what_was_set():
    api = halchemy.Api("http://example.org")
    api.base_url = "https://example.com/api"
    api.parameters_list_style = "pipe"
    api.etag_field = "version"
    api.timeout = 2.5
    assert api.base_url == "https://example.com/api"
    assert api.parameters_list_style == "pipe"
    assert api.etag_field == "version"
    assert api.timeout == 2.5


def test_two_apis_do_not_share_settings():
    first, second = halchemy.Api("http://one.example"), halchemy.Api("http://two.example")
    first.add_headers({"X-First": "1"})
    first.parameters_list_style = "comma"
    first.error_handling.raise_for_status_codes = ">499"
    assert "X-First" not in second.headers
    assert second.parameters_list_style == "repeat_key"
    assert not second.error_handling.raise_for_status_codes
    assert second.base_url == "http://two.example"


# ---- constructor ----------------------------------------------------------------------------

def test_constructor_takes_the_base_url_positionally_or_by_name():
    assert halchemy.Api("http://example.org/api").base_url == "http://example.org/api"
    assert halchemy.Api(base_url="http://example.org/api").base_url == "http://example.org/api"


def test_constructor_headers_merge_over_the_defaults():
    api = halchemy.Api("http://example.org", {"X-Extra": "1", "Accept": "application/json"})
    headers = lower_keys(api.headers)
    assert headers["x-extra"] == "1"
    assert headers["accept"] == "application/json"
    assert headers["authorization"] == DEFAULT_HEADERS["Authorization"]
    assert headers["content-type"] == "application/json"
    assert len(headers) == len(api.headers) == 4


def test_constructor_headers_by_name():
    api = halchemy.Api(base_url="http://example.org", headers={"X-Extra": "1"})
    assert api.headers["X-Extra"] == "1"


def test_constructor_header_with_other_case_replaces_the_default():
    api = halchemy.Api("http://example.org", {"authorization": "Bearer token"})
    names = [name for name in api.headers if name.lower() == "authorization"]
    assert len(names) == 1
    assert api.headers[names[0]] == "Bearer token"


@pytest.mark.parametrize("call", [lambda: halchemy.Api(""), lambda: halchemy.Api(base_url="")],
                         ids=["positional", "keyword"])
def test_empty_base_url_is_an_error_in_the_constructor(call):
    with pytest.raises(ValueError):
        call()


def test_empty_base_url_is_an_error_when_set_and_the_old_one_stays():
    api = halchemy.Api("http://example.org")
    with pytest.raises(ValueError):
        api.base_url = ""
    assert api.base_url == "http://example.org"


# ---- home / root --------------------------------------------------------------------------

def test_home_gets_the_root_resource(api, base):
    home = api.home.get()
    assert home._halchemy.request.url == base + "/"
    assert home["_links"]["customers"]["href"] == "/customers"


def test_home_url_is_the_base_url_and_slash(api, base):
    assert api.home.url == base + "/"
    assert halchemy.Api("http://example.org/api").home.url == "http://example.org/api/"


def test_root_is_an_alias_of_home(api, base):
    assert api.root.url == api.home.url
    assert api.root.get() == api.home.get()


def test_home_does_head_and_options(api):
    head = api.home.head()
    assert head._halchemy.request.method == "HEAD"
    assert head._halchemy.response.status_code == 200
    options = api.root.options()
    assert options._halchemy.request.method == "OPTIONS"
    assert "GET" in options._halchemy.response.headers["Allow"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_home_is_read_only(api, method):
    assert not hasattr(api.home, method)
    assert not hasattr(api.root, method)


# ---- using_endpoint --------------------------------------------------------------------------

def test_using_endpoint_gives_a_full_requester(api, base):
    requester = api.using_endpoint("/echo/full")
    assert requester.url == base + "/echo/full"
    for method in ("get", "head", "options", "post", "put", "patch", "delete"):
        echo = getattr(requester, method)()
        assert echo._halchemy.request.method == method.upper()
        assert echo._halchemy.response.status_code in (200, 204)
        if method not in ("head", "options"):
            assert echo["method"] == method.upper()


def test_using_endpoint_with_an_absolute_url(api, other_base):
    echo = api.using_endpoint(other_base + "/echo/abs").get()
    assert echo._halchemy.request.url == other_base + "/echo/abs"
    assert echo["path"] == "/echo/abs"


# ---- follow(...).to(rel) ---------------------------------------------------------------------

@pytest.mark.usefixtures("reset")
def test_follow_to_a_rel_requests_its_href(api, base):
    home = api.home.get()
    customers = api.follow(home).to("customers").get()
    assert customers._halchemy.request.url == base + "/customers"
    assert customers["_meta"]["total"] == 2


def test_follow_works_on_a_plain_dict(api, base):
    requester = api.follow({"_links": {"self": {"href": "/x"}, "next": {"href": "/echo/next"}}}).to("next")
    assert requester.url == base + "/echo/next"
    assert requester.get()["path"] == "/echo/next"


def test_follow_to_a_missing_rel_is_a_key_error_naming_it(api):
    home = api.home.get()
    with pytest.raises(KeyError) as exc:
        api.follow(home).to("no-such-rel")
    assert "no-such-rel" in str(exc.value)


def test_follow_to_a_missing_rel_fails_at_once_without_a_request(tripwire):
    api = halchemy.Api(tripwire.url())
    with pytest.raises(KeyError):
        api.follow({"_links": {"self": {"href": "/"}}}).to("elsewhere")
    assert tripwire.untouched()


def test_follow_a_resource_without_links_is_a_key_error_naming_the_rel(api):
    with pytest.raises(KeyError) as exc:
        api.follow({"name": "no links"}).to("self")
    assert "self" in str(exc.value)


@pytest.mark.usefixtures("reset")
def test_follow_a_templated_rel(api):
    home = api.home.get()
    customer = api.follow(home).to("customer").with_template_values({"membershipId": "B200"}).get()
    assert customer["givenName"] == "Lee"


# ---- default headers: replace, add, remove ------------------------------------------------

def test_assigning_headers_replaces_the_defaults():
    api = halchemy.Api("http://example.org")
    api.headers = {"X-Only": "1"}
    assert api.headers == {"X-Only": "1"}


def test_add_headers_merges():
    api = halchemy.Api("http://example.org")
    api.add_headers({"X-A": "1"})
    api.add_headers({"X-B": "2"})
    assert api.headers == dict(DEFAULT_HEADERS, **{"X-A": "1", "X-B": "2"})


def test_add_headers_with_another_case_replaces_never_duplicates():
    api = halchemy.Api("http://example.org")
    api.add_headers({"content-type": "text/plain"})
    names = [name for name in api.headers if name.lower() == "content-type"]
    assert len(names) == 1
    assert api.headers[names[0]] == "text/plain"


def test_remove_headers_removes_and_ignores_absent_names():
    api = halchemy.Api("http://example.org")
    api.remove_headers(["Authorization", "X-Not-There"])
    assert api.headers == {k: v for k, v in DEFAULT_HEADERS.items() if k != "Authorization"}


def test_remove_headers_ignores_case():
    api = halchemy.Api("http://example.org")
    api.remove_headers(["ACCEPT"])
    assert "accept" not in lower_keys(api.headers)


def test_changing_the_returned_headers_dict_does_not_change_the_api():
    api = halchemy.Api("http://example.org")
    copy = api.headers
    try:
        copy["X-Sneaky"] = "1"
    except TypeError:
        pass  # a read-only view is fine too
    assert "X-Sneaky" not in api.headers


# ---- error handling names --------------------------------------------------------------------

def test_raise_on_network_error_is_an_alias_of_raise_for_network_errors():
    api = halchemy.Api("http://example.org")
    api.error_handling.raise_on_network_error = False
    assert api.error_handling.raise_for_network_errors is False
    api.error_handling.raise_for_network_errors = True
    assert api.error_handling.raise_on_network_error is True


def test_raise_on_status_codes_is_an_alias_of_raise_for_status_codes():
    api = halchemy.Api("http://example.org")
    api.error_handling.raise_on_status_codes = ">499"
    assert api.error_handling.raise_for_status_codes == ">499"
    api.error_handling.raise_for_status_codes = "400-403"
    assert api.error_handling.raise_on_status_codes == "400-403"


def test_status_codes_set_through_the_alias_raise(api):
    api.error_handling.raise_on_status_codes = "404"
    with pytest.raises(halchemy.HTTPError):
        api.using_endpoint("/status/404").get()


def test_network_errors_off_through_the_alias_return_a_resource(api, refused_url):
    api.error_handling.raise_on_network_error = False
    resource = api.using_endpoint(refused_url).get()
    assert resource._halchemy.response.status_code == 0
