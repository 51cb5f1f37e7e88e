"""halchemy against a real Spring Data REST app (tests/interop/spring/: Spring Boot 3, H2).

Spring Data REST sends `ETag: "<version>"` with a single customer, none with the customers
it embeds in a collection, and answers a stale `If-Match` with 412 and an empty body (its
ETag header then repeats the stale tag the client sent). Tests that change data make
their own customers; the seeds A375 (Pat Smith) and B200 (Lee Jones) are only read, except
by the seed example, which changes A375's given name and never its family name.
"""
import re
import uuid

import pytest

import halchemy
from halchemy import Api

ETAG = re.compile(r'^"\d+"$')


def new_id():
    return "PY" + uuid.uuid4().hex[:10].upper()


def customers_of(api, **values):
    home = api.home.get()
    return api.follow(home).to("customers").with_template_values(values).get()


def create_customer(api, given="Kim", family=None):
    """PUT to /customers/<new id> creates the customer in Spring Data REST (201)."""
    membership_id = new_id()
    family = family or "Fam" + membership_id
    created = (api.follow(customers_of(api)).to("item")
               .with_template_values({"membershipId": membership_id})
               .put({"givenName": given, "familyName": family}))
    assert created._halchemy.response.status_code == 201
    assert created["membershipId"] == membership_id
    assert created._halchemy.response.headers["ETag"] == '"0"'
    return membership_id


def get_customer(api, membership_id):
    return (api.follow(customers_of(api)).to("item")
            .with_template_values({"membershipId": membership_id}).get())


def test_the_seed_example_runs_unchanged_and_a_stale_patch_gets_412(spring):
    api = Api(spring)
    home = api.home.get()
    customers = api.follow(home).to("customers").get()
    # The home's link is `customers{?page,size,sort*}`: with no values it is plain /customers.
    assert customers._halchemy.request.url == spring + "/customers"
    assert customers._halchemy.response.status_code == 200

    customer = api.follow(customers).to('item').with_template_values({'membershipId': 'A375'}).get()
    assert customer._halchemy.request.url == spring + "/customers/A375"
    assert customer._halchemy.response.status_code == 200
    assert customer["membershipId"] == "A375"
    assert customer["familyName"] == "Smith"
    our_etag = customer._halchemy.response.headers["ETag"]
    assert ETAG.match(our_etag)

    # Someone else, with an Api of their own, changes A375 meanwhile.
    other = Api(spring)
    theirs = other.follow(customer).to("self").get()
    assert theirs._halchemy.response.headers["ETag"] == our_etag
    changed = other.follow(theirs).to("self").patch({"givenName": "Someone"})
    assert changed._halchemy.response.status_code == 200
    assert changed._halchemy.request.headers["If-Match"] == our_etag
    assert changed._halchemy.response.headers["ETag"] != our_etag

    customer = api.follow(customer).to('self').patch({'givenName': 'Leslie'})
    assert customer._halchemy.request.headers["If-Match"] == our_etag
    assert customer._halchemy.response.status_code == 412
    # Spring answers 412 with an empty body, so the returned resource is empty and the
    # seed's message cannot read the id from it (it can on the demo server, SPEC §1).
    assert customer._halchemy.response.headers["Content-Length"] == "0"
    assert dict(customer) == {}
    with pytest.raises(KeyError):
        customer["membershipId"]
    # Spring's 412 repeats the stale tag the client sent, not the current one.
    assert customer._halchemy.response.headers["ETag"] == our_etag

    now = get_customer(api, "A375")
    assert now["givenName"] == "Someone"
    assert now._halchemy.response.headers["ETag"] == changed._halchemy.response.headers["ETag"]


def test_a_put_with_the_fresh_etag_succeeds_and_one_with_a_stale_etag_gets_412(spring):
    api = Api(spring)
    membership_id = create_customer(api, family="Putnam")
    fresh = get_customer(api, membership_id)
    stale = get_customer(api, membership_id)
    assert fresh._halchemy.response.headers["ETag"] == '"0"'

    put = api.follow(fresh).to("self").put({"givenName": "Kim", "familyName": "Putnam-Lee"})
    assert put._halchemy.request.headers["If-Match"] == '"0"'
    assert put._halchemy.response.status_code == 200
    assert put._halchemy.response.headers["ETag"] == '"1"'
    assert put["familyName"] == "Putnam-Lee"

    refused = api.follow(stale).to("self").put({"givenName": "Kim", "familyName": "Stale"})
    assert refused._halchemy.request.headers["If-Match"] == '"0"'
    assert refused._halchemy.response.status_code == 412
    assert get_customer(api, membership_id)["familyName"] == "Putnam-Lee"


def test_a_patch_with_the_fresh_etag_succeeds_and_one_with_a_stale_etag_gets_412(spring):
    api = Api(spring)
    membership_id = create_customer(api, family="Patchett")
    fresh = get_customer(api, membership_id)
    stale = get_customer(api, membership_id)

    patched = api.follow(fresh).to("self").patch({"givenName": "Robin"})
    assert patched._halchemy.request.headers["If-Match"] == '"0"'
    assert patched._halchemy.response.status_code == 200
    assert patched._halchemy.response.headers["ETag"] == '"1"'
    assert patched["givenName"] == "Robin"
    assert patched["familyName"] == "Patchett"

    # The ETag of the PATCH response is the one the next change sends.
    again = api.follow(patched).to("self").patch({"givenName": "Robyn"})
    assert again._halchemy.request.headers["If-Match"] == '"1"'
    assert again._halchemy.response.status_code == 200

    refused = api.follow(stale).to("self").patch({"givenName": "Stale"})
    assert refused._halchemy.request.headers["If-Match"] == '"0"'
    assert refused._halchemy.response.status_code == 412
    assert get_customer(api, membership_id)["givenName"] == "Robyn"


def test_a_delete_with_a_stale_etag_gets_412_and_one_with_the_fresh_etag_succeeds(spring):
    api = Api(spring)
    membership_id = create_customer(api, family="Deleuze")
    stale = get_customer(api, membership_id)
    fresh = api.follow(stale).to("self").patch({"givenName": "Gone"})
    assert fresh._halchemy.response.headers["ETag"] == '"1"'

    refused = api.follow(stale).to("self").delete()
    assert refused._halchemy.request.headers["If-Match"] == '"0"'
    assert refused._halchemy.response.status_code == 412
    assert get_customer(api, membership_id)._halchemy.response.status_code == 200

    deleted = api.follow(fresh).to("self").delete()
    assert deleted._halchemy.request.headers["If-Match"] == '"1"'
    # Spring Data REST answers 200 with the deleted customer when the request has Accept.
    assert deleted._halchemy.response.status_code in (200, 204)
    assert get_customer(api, membership_id)._halchemy.response.status_code == 404


def test_the_templated_customers_link_pages_and_its_next_link_leads_to_page_1(spring):
    api = Api(spring)
    home = api.home.get()
    first = api.follow(home).to("customers").with_template_values({"page": 0, "size": 1}).get()
    assert first._halchemy.request.url == spring + "/customers?page=0&size=1"
    assert first._halchemy.response.status_code == 200
    assert first["page"]["number"] == 0
    assert first["page"]["size"] == 1
    assert first["page"]["totalElements"] >= 2
    on_first = first.embedded("customers")
    assert len(on_first) == 1

    second = api.follow(first).to("next").get()
    assert second._halchemy.request.url == spring + "/customers?page=1&size=1"
    assert second["page"]["number"] == 1
    on_second = second.embedded("customers")
    assert len(on_second) == 1
    assert on_second[0]["membershipId"] != on_first[0]["membershipId"]


def test_links_and_has_rel_work_on_the_home_resource_which_has_no_self(spring):
    api = Api(spring)
    home = api.home.get()
    assert "self" not in home["_links"]
    assert sorted(home.links) == ["customers", "profile"]
    assert home.has_rel("customers") is True
    assert home.has_rel("profile") is True
    assert home.has_rel("self") is False


def test_the_embedded_customers_are_a_list_of_resources_with_their_membership_ids(spring):
    api = Api(spring)
    customers = customers_of(api, size=1000)
    assert customers.embedded_rels == ["customers"]
    items = customers.embedded("customers")
    assert isinstance(items, list)
    assert all(isinstance(item, halchemy.HalResource) for item in items)
    by_id = {item["membershipId"]: item for item in items}
    assert by_id["A375"]["familyName"] == "Smith"
    assert by_id["B200"]["givenName"] == "Lee"
    assert by_id["B200"]["familyName"] == "Jones"
    assert by_id["B200"].links == ["self", "customer"]
    assert [item["membershipId"] for item in customers.embedded_many("customers")] == list(by_id)


def test_require_if_match_refuses_a_patch_from_an_embedded_customer_which_has_no_etag(spring):
    api = Api(spring)
    family = "Embed" + new_id()
    membership_id = create_customer(api, given="Sam", family=family)
    search = api.follow(customers_of(api)).to("search").get()
    found = api.follow(search).to("findByFamilyName").with_template_values({"familyName": family}).get()
    [item] = found.embedded("customers")
    assert item["membershipId"] == membership_id
    url = item["_links"]["self"]["href"]
    assert url == f"{spring}/customers/{membership_id}"

    strict = Api(spring, require_if_match=True)
    with pytest.raises(halchemy.MissingETagError) as refused:
        strict.follow(item).to("self").patch({"givenName": "Overwritten"})
    assert isinstance(refused.value, halchemy.HalchemyError)
    assert url in str(refused.value)
    assert get_customer(api, membership_id)["givenName"] == "Sam"

    # Without the setting the same PATCH goes out with no If-Match and Spring applies it:
    # the silent overwrite that require_if_match prevents.
    lax = api.follow(item).to("self").patch({"givenName": "Overwritten"})
    assert "If-Match" not in lax._halchemy.request.headers
    assert lax._halchemy.response.status_code == 200
    assert get_customer(api, membership_id)["givenName"] == "Overwritten"


def test_with_conflict_retry_refreshes_the_etag_after_a_412_and_applies_the_change_again(spring):
    api = Api(spring)
    membership_id = create_customer(api, given="Alex", family="Retry")
    ours = get_customer(api, membership_id)
    assert ours._halchemy.response.headers["ETag"] == '"0"'

    other = Api(spring)
    theirs = other.follow(ours).to("self").patch({"familyName": "Retry-Changed"})
    assert theirs._halchemy.response.status_code == 200
    assert theirs._halchemy.response.headers["ETag"] == '"1"'

    customer = api.follow(ours).to("self").with_conflict_retry(1).patch({"givenName": "Alexis"})
    assert customer._halchemy.response.status_code == 200
    assert customer._halchemy.conflict_retries == 1
    assert customer._halchemy.request.headers["If-Match"] == '"1"'
    assert customer._halchemy.response.headers["ETag"] == '"2"'
    assert customer["givenName"] == "Alexis"
    assert customer["familyName"] == "Retry-Changed"


def test_the_search_link_with_a_template_value_finds_a375_by_family_name(spring):
    api = Api(spring)
    customers = customers_of(api)
    search = api.follow(customers).to("search").get()
    assert search["_links"]["findByFamilyName"] == {
        "href": spring + "/customers/search/findByFamilyName{?familyName}", "templated": True}
    found = api.follow(search).to("findByFamilyName").with_template_values({"familyName": "Smith"}).get()
    assert found._halchemy.request.url == spring + "/customers/search/findByFamilyName?familyName=Smith"
    assert found._halchemy.response.status_code == 200
    assert [c["membershipId"] for c in found.embedded("customers")] == ["A375"]
