"""SPEC §1: the seed example (seed/000_64a33305b9667668.txt) runs as written against the
test server's customers API and prints the 412 message when someone else changed the
customer in the meantime."""
import pytest

import halchemy

pytestmark = [pytest.mark.usefixtures("reset"), pytest.mark.both_apis]  # [sync] and [async] (conftest api_kind)


def change_given_name_elsewhere(base, membership_id, given_name):
    """Someone else, with their own Api, changes the customer."""
    someone_else = halchemy.Api(base)
    home = someone_else.home.get()
    theirs = someone_else.follow(home).to("customer").with_template_values({"membershipId": membership_id}).get()
    changed = someone_else.follow(theirs).to("self").patch({"givenName": given_name})
    assert changed._halchemy.response.status_code == 200


def test_seed_example_prints_the_412_message_after_a_concurrent_change(api, base, capsys):
    customers = api.follow(api.home.get()).to("customers").get()

    # --- the seed's Python example, as written ---
    customer = api.follow(customers).to('item').with_template_values({'membershipId': 'A375'}).get()

    change_given_name_elsewhere(base, "A375", "Robin")

    customer = api.follow(customer).to('self').patch({'givenName': 'Leslie'})
    if customer._halchemy.response.status_code == 412:
        print(f'Someone else has changed customer #{customer["membershipId"]}.')
        print('Please refresh to see the changes, then try again if necessary.')
    # ---

    assert capsys.readouterr().out == ("Someone else has changed customer #A375.\n"
                                       "Please refresh to see the changes, then try again if necessary.\n")


def test_stale_patch_returns_the_current_representation_with_the_412(api, base):
    customers = api.follow(api.home.get()).to("customers").get()
    customer = api.follow(customers).to("item").with_template_values({"membershipId": "A375"}).get()
    change_given_name_elsewhere(base, "A375", "Robin")

    customer = api.follow(customer).to("self").patch({"givenName": "Leslie"})

    assert customer._halchemy.response.status_code == 412
    assert customer["givenName"] == "Robin"
    assert customer["membershipId"] == "A375"
    assert customer._halchemy.error is None


def test_seed_example_without_a_concurrent_change_applies_the_patch(api, capsys):
    customers = api.follow(api.home.get()).to("customers").get()
    customer = api.follow(customers).to('item').with_template_values({'membershipId': 'A375'}).get()
    customer = api.follow(customer).to('self').patch({'givenName': 'Leslie'})
    if customer._halchemy.response.status_code == 412:
        print(f'Someone else has changed customer #{customer["membershipId"]}.')

    assert capsys.readouterr().out == ""
    assert customer._halchemy.response.status_code == 200
    assert customer["givenName"] == "Leslie"
    assert customer["familyName"] == "Smith"


def test_a_412_does_not_raise_by_default(api, base):
    customer = api.using_endpoint("/customers/A375").get()
    change_given_name_elsewhere(base, "A375", "Robin")
    result = api.follow(customer).to("self").patch({"givenName": "Leslie"})
    assert result._halchemy.response.status_code == 412


def test_a_412_raises_http_error_when_asked_and_carries_the_current_representation(api, base):
    api.error_handling.raise_for_status_codes = ">399"
    customer = api.using_endpoint("/customers/A375").get()
    change_given_name_elsewhere(base, "A375", "Robin")
    with pytest.raises(halchemy.HTTPError) as exc:
        api.follow(customer).to("self").patch({"givenName": "Leslie"})
    assert exc.value.resource._halchemy.response.status_code == 412
    assert exc.value.resource["givenName"] == "Robin"
