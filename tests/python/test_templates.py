"""SPEC §4: templated links (RFC 6570, all four levels) through the public API:
`api.using_endpoint(template).with_template_values(values).url`. The community suite's
templates are not all paths, so the expected URL is the expansion joined to the base URL by
SPEC §3's rule (a result with a scheme is used as is)."""
import re

import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

BASE = "http://example.org"


def joined(expansion):
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", expansion):
        return expansion
    return BASE + "/" + expansion.lstrip("/")


@pytest.mark.vectors("uritemplate")
def test_rfc6570_community_suite(case, errors):
    requester = halchemy.Api(BASE).using_endpoint(case["template"]).with_template_values(case["variables"])
    if case["expected"] is False:
        with pytest.raises(errors["template"]) as exc:
            requester.url
        assert case["template"] in str(exc.value)
        return
    allowed = case["expected"] if isinstance(case["expected"], list) else [case["expected"]]
    assert requester.url in [joined(e) for e in allowed]


@pytest.mark.vectors("uritemplate_spec.json")
def test_spec_template_vector(case, errors):
    requester = halchemy.Api(BASE).using_endpoint(case["template"]).with_template_values(case["values"])
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            requester.url
        assert case["template"] in str(exc.value)
        return
    assert requester.url == BASE + case["expected"]


@pytest.mark.parametrize("href,values,expected", [
    ("/path/{foo}", {"foo": "321"}, "/path/321"),
    ("/orders{?id}", {"id": "123"}, "/orders?id=123"),
    ("/profile/{userId}{?fields}", {"userId": "789", "fields": "name,age"}, "/profile/789?fields=name%2Cage"),
    ("/search{?keys*}", {"keys": {"role": "admin", "status": "active"}}, "/search?role=admin&status=active"),
    ("/find{#section}", {"section": "results"}, "/find#results"),
    ("/browse/{.format}", {"format": "json"}, "/browse/.json"),
    ("/location/{country}/{city}/{?coords*}",
     {"country": "Canada", "city": "Toronto", "coords": {"lat": 43.7, "long": -79.42}},
     "/location/Canada/Toronto/?lat=43.7&long=-79.42"),
    ("/files{/year,month,day,filename}", {"year": "2023"}, "/files/2023"),
    ("/tags{?list*}", {"list": ["api", "hal", "rfc6570"]}, "/tags?list=api&list=hal&list=rfc6570"),
    ("/path?fixedParam=value{&foo}", {"foo": "bar"}, "/path?fixedParam=value&foo=bar"),
    ("/has/{foo}/multiples/{bar}", {"foo": "value"}, "/has/value/multiples/"),
    ("/search{?query,type}", {"query": "hal"}, "/search?query=hal"),
])
def test_spec_table_of_templated_links(href, values, expected):
    assert halchemy.Api(BASE).using_endpoint(href).with_template_values(values).url == BASE + expected


@pytest.mark.parametrize("value,text", [(43.7, "43.7"), (-12, "-12"), (50, "50"), (True, "true"), (False, "false")])
def test_numbers_and_booleans_expand_as_their_json_text(value, text):
    assert halchemy.Api(BASE).using_endpoint("/v/{x}").with_template_values({"x": value}).url == f"{BASE}/v/{text}"


def test_a_variable_without_a_value_expands_to_nothing():
    api = halchemy.Api(BASE)
    assert api.using_endpoint("/customers/{id}{?q}").url == BASE + "/customers/"
    assert api.using_endpoint("/customers/{id}").with_template_values({"other": 1}).url == BASE + "/customers/"


@pytest.mark.usefixtures("reset")
def test_a_templated_link_from_the_server_is_expanded_and_requested(api, base):
    customers = api.follow(api.home.get()).to("customers").get()
    assert customers["_links"]["item"]["templated"] is True
    customer = api.follow(customers).to("item").with_template_values({"membershipId": "A375"}).get()
    assert customer._halchemy.request.url == base + "/customers/A375"
    assert customer["givenName"] == "Pat"


def test_template_values_are_percent_encoded_on_the_wire(api):
    echo = api.using_endpoint("/echo/{name}{?q}").with_template_values({"name": "a b/c", "q": "x&y=z"}).get()
    assert echo["path"] == "/echo/a%20b%2Fc"
    assert echo["query"] == "q=x%26y%3Dz"


def test_an_invalid_template_names_it_and_sends_nothing(tripwire):
    api = halchemy.Api(tripwire.url())
    with pytest.raises(ValueError) as exc:
        api.using_endpoint("/x/{unclosed").with_template_values({"unclosed": "1"}).get()
    assert "/x/{unclosed" in str(exc.value)
    assert tripwire.untouched()


def test_an_invalid_templated_link_from_a_server_is_a_clear_error(api, still_works):
    hostile = api.using_endpoint("/hostile").get()
    with pytest.raises(ValueError) as exc:
        api.follow(hostile).to("badtemplate").get()
    assert "/x/{unclosed" in str(exc.value)
    still_works(api)


def test_an_invalid_template_is_not_a_network_error(api):
    with pytest.raises(ValueError) as exc:
        api.using_endpoint("/x/{a b}").get()
    assert not isinstance(exc.value, halchemy.NetworkError)
