"""SPEC §1 and §8: the seed example as written, and the If-Match rule on the wire."""
import halchemy


def get_customer(api, cid="A375"):
    customers = api.follow(api.home.get()).to("customers").get()
    return api.follow(customers).to("item").with_template_values({"membershipId": cid}).get()


def test_seed_example_prints_the_412_message(api, base, capsys):
    customers = api.follow(api.home.get()).to("customers").get()
    customer = api.follow(customers).to('item').with_template_values({'membershipId': 'A375'}).get()
    someone_else = halchemy.Api(base)
    theirs = get_customer(someone_else)
    assert someone_else.follow(theirs).to("self").patch({"givenName": "Robin"})._halchemy.response.status_code == 200
    customer = api.follow(customer).to('self').patch({'givenName': 'Leslie'})
    if customer._halchemy.response.status_code == 412:
        print(f'Someone else has changed customer #{customer["membershipId"]}.')
    assert capsys.readouterr().out == "Someone else has changed customer #A375.\n"
    assert customer["givenName"] == "Robin"  # the 412 carries the current representation


def test_fresh_patch_sends_the_etag_header_as_received(api):
    customer = get_customer(api)
    etag = customer._halchemy.response.headers["etag"]
    changed = api.follow(customer).to("self").patch({"givenName": "Leslie"})
    assert changed._halchemy.request.headers["If-Match"] == etag
    assert etag.startswith('"')
    assert changed._halchemy.response.status_code == 200
    assert changed["givenName"] == "Leslie"


def test_stale_patch_gets_412(api):
    customer = get_customer(api)
    api.follow(customer).to("self").patch({"givenName": "First"})
    stale = api.follow(customer).to("self").patch({"givenName": "Second"})
    assert stale._halchemy.response.status_code == 412


def test_put_and_delete_carry_if_match_too(api):
    customer = get_customer(api, "B200")
    put = api.follow(customer).to("self").put({"givenName": "Lee", "familyName": "Jones"})
    assert put._halchemy.response.status_code == 200
    deleted = api.follow(put).to("self").delete()
    assert deleted._halchemy.request.headers["If-Match"] == put._halchemy.response.headers["ETag"]
    assert deleted._halchemy.response.status_code == 204


def test_etag_field_is_used_when_there_is_no_header(api):
    customer = dict(get_customer(api))  # a plain dict the caller built: only the field applies
    changed = api.follow(customer).to("self").patch({"givenName": "Leslie"})
    assert changed._halchemy.request.headers["If-Match"] == customer["_etag"]
    assert changed._halchemy.response.status_code == 200


def test_etag_header_wins_over_the_field(api):
    resource = api.using_endpoint("/headers-only-etag").get()
    echo = api.follow(resource).to("self").patch({"a": 1})
    assert echo["headers"]["If-Match"] == '"from-header"'


def test_etag_field_name_is_configurable(api):
    api.etag_field = "version"
    echo = api.follow({"version": "v9", "_links": {"self": {"href": "/echo/x"}}}).to("self").put({})
    assert echo["headers"]["If-Match"] == "v9"


def test_no_if_match_without_any_etag(api):
    echo = api.follow({"_links": {"self": {"href": "/echo/x"}}}).to("self").patch({})
    assert "If-Match" not in echo["headers"]


def test_a_link_to_another_resource_gets_no_if_match(api):
    customer = get_customer(api)
    cancelled = api.follow(customer).to("cancel").post({})
    assert cancelled["ifMatch"] is None
    cancelled = api.follow(customer).to("cancel").put({})
    assert cancelled["ifMatch"] is None


def test_a_rel_with_the_self_href_gets_if_match(api):
    resource = {"_etag": "abc", "_links": {"self": {"href": "/echo/me"}, "edit": {"href": "/echo/me"}}}
    echo = api.follow(resource).to("edit").patch({})
    assert echo["headers"]["If-Match"] == "abc"


def test_get_and_post_never_get_if_match(api):
    resource = {"_etag": "abc", "_links": {"self": {"href": "/echo/me"}}}
    assert "If-Match" not in api.follow(resource).to("self").get()["headers"]
    assert "If-Match" not in api.follow(resource).to("self").post({})["headers"]


def test_callers_if_match_wins(api):
    resource = {"_etag": "abc", "_links": {"self": {"href": "/echo/me"}}}
    echo = api.follow(resource).to("self").with_headers({"if-match": "mine"}).delete()
    assert echo["headers"]["if-match"] == "mine"


def test_change_without_if_match_gets_428(api):
    response = api.using_endpoint("/customers/A375").patch({"givenName": "X"})
    assert response._halchemy.response.status_code == 428
