"""SPEC §11: HAL resource helpers on /hal (and on the shared vectors), and resources that
behave as plain dicts."""
import copy
import json

import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

BASE = "http://example.org"


@pytest.fixture
def hal(api):
    return api.using_endpoint("/hal").get()


# ---- the shared vectors ------------------------------------------------------------------

@pytest.mark.vectors("hal.json", op="link")
def test_link_vector(case, errors):
    follow = halchemy.Api(BASE).follow({"_links": case["links"]})
    kwargs = {"name": case["name"]} if "name" in case else {}
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            follow.to(case["rel"], **kwargs).url
        assert case["message"] in str(exc.value)
        return
    href = case["expected"]["href"]
    if case["expected"]["templated"]:
        href = href.split("{")[0]  # its variables have no values: they expand to nothing
    assert follow.to(case["rel"], **kwargs).url == BASE + href


@pytest.mark.vectors("hal.json", op="check")
def test_well_formed_hal_vector(case, errors, make_resource):
    resource = make_resource(case["resource"])
    if "error" in case:
        for helper in (lambda: resource.links, lambda: resource.has_rel("self")):
            with pytest.raises(errors[case["error"]]) as exc:
                helper()
            assert case["message"] in str(exc.value)
        return
    assert resource.links == list(case["resource"].get("_links", {}))


@pytest.mark.vectors("hal.json", op="find")
def test_link_choice_vector(case, errors, core):
    """SPEC §11 v2: link arrays chosen by link properties or index, CURIEs, deprecation."""
    follow = halchemy.Api(BASE).follow({} if case["links"] is None else {"_links": case["links"]})
    criteria = case.get("criteria") or {}
    if "error" in case:
        with pytest.raises(TypeError if case["error"] == "argument" else errors[case["error"]]) as exc:
            follow.to(case["rel"], **criteria)
        assert case["message"] in str(exc.value)
        return
    expected = case["expected"]
    requester = follow.to(case["rel"], **criteria)
    href = expected["href"]
    if expected["templated"]:
        href = href.split("{")[0]
    assert requester.url == core.url_resolve(BASE, None, href)
    assert requester._self_href == expected["self_href"]


@pytest.mark.vectors("hal.json", op="has_rel")
def test_has_rel_vector(case, errors, make_resource):
    resource = make_resource({"_links": case["links"]})
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            resource.has_rel(case["rel"])
        assert case["message"] in str(exc.value)
        return
    assert resource.has_rel(case["rel"]) is case["expected"]


@pytest.mark.sync_only("once per URL per process: a second run cannot see the warning again")
def test_a_deprecated_link_is_logged_once_per_url(caplog):
    api = halchemy.Api(BASE)
    resource = {"_links": {"old": {"href": "/py-deprecated-once", "deprecation": "http://docs/old"}}}
    with caplog.at_level("WARNING", logger="halchemy"):
        api.follow(resource).to("old")
        api.follow(resource).to("old")
    warnings = [r.getMessage() for r in caplog.records if "deprecated" in r.getMessage()]
    assert warnings == [f"the link to {BASE}/py-deprecated-once is deprecated (see http://docs/old)"]


@pytest.mark.vectors("hal.json", op="embedded")
def test_embedded_vector(case, errors, make_resource):
    resource = make_resource(case["resource"])
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            resource.embedded(case["rel"], case["expect"])
        assert case["message"] in str(exc.value)
        return
    found = resource.embedded(case["rel"], case["expect"])
    assert ("many" if isinstance(found, list) else "one") == case["expected"]


@pytest.mark.vectors("hal.json", op="collection")
def test_collection_vector(case, errors, make_resource):
    resource = make_resource(case["resource"])
    if "error" in case:
        with pytest.raises(errors[case["error"]]) as exc:
            list(resource.collection(case["field"]))
        assert case["message"] in str(exc.value)
        return
    assert list(resource.collection(case["field"])) == case["resource"][case["field"]]


# ---- helpers on /hal --------------------------------------------------------------------------

def test_links_lists_the_rels(hal):
    assert hal.links == ["self", "related", "search"]


def test_has_rel(hal):
    assert hal.has_rel("self")
    assert hal.has_rel("related")
    assert not hal.has_rel("nope")


def test_embedded_rels_and_has_embedded(hal):
    assert hal.embedded_rels == ["owner", "items"]
    assert hal.has_embedded("owner")
    assert hal.has_embedded("items")
    assert not hal.has_embedded("nope")


def test_embedded_object_is_one_hal_resource(hal):
    owner = hal.embedded("owner")
    assert isinstance(owner, dict) and not isinstance(owner, list)
    assert owner["name"] == "Pat"
    assert owner.has_rel("self")
    assert owner.links == ["self"]


def test_embedded_list_is_many_hal_resources(hal):
    items = hal.embedded("items")
    assert isinstance(items, list)
    assert [item["n"] for item in items] == [1, 2]
    assert all(item.has_rel("self") for item in items)


@pytest.mark.parametrize("expect", ["one", halchemy.Multiplicity.ONE])
def test_embedded_expect_one(hal, expect):
    assert hal.embedded("owner", expect)["name"] == "Pat"
    assert hal.embedded("owner", expect=expect)["name"] == "Pat"


@pytest.mark.parametrize("expect", ["many", halchemy.Multiplicity.MANY])
def test_embedded_expect_many(hal, expect):
    assert [i["n"] for i in hal.embedded("items", expect)] == [1, 2]


def test_embedded_one_and_embedded_many_shorthands(hal):
    assert hal.embedded_one("owner")["name"] == "Pat"
    assert [i["n"] for i in hal.embedded_many("items")] == [1, 2]


@pytest.mark.parametrize("call", [
    lambda h: h.embedded("owner", "many"),
    lambda h: h.embedded("owner", halchemy.Multiplicity.MANY),
    lambda h: h.embedded("items", "one"),
    lambda h: h.embedded_one("items"),
    lambda h: h.embedded_many("owner"),
], ids=["owner-many", "owner-MANY", "items-one", "embedded_one-items", "embedded_many-owner"])
def test_embedded_expect_mismatch_is_a_type_error(hal, call):
    with pytest.raises(TypeError):
        call(hal)


def test_embedded_unknown_rel_is_a_key_error_naming_it(hal):
    for call in (lambda: hal.embedded("nope"), lambda: hal.embedded_one("nope"), lambda: hal.embedded_many("nope")):
        with pytest.raises(KeyError) as exc:
            call()
        assert "nope" in str(exc.value)


def test_collection_iterates_hal_resources(hal):
    items = list(hal.collection("_items"))
    assert [i["n"] for i in items] == [1, 2]
    assert all(i.has_rel("self") for i in items)


@pytest.mark.parametrize("field,words", [("missing", "does not exist"),
                                         ("notalist", "is not a collection"),
                                         ("bad_items", "contains non-HAL formatted objects")])
def test_collection_errors_say_what_is_wrong(hal, field, words):
    with pytest.raises(ValueError) as exc:
        list(hal.collection(field))
    assert words in str(exc.value)


@pytest.mark.usefixtures("reset")
def test_the_customers_collection_can_be_followed(api):
    customers = api.follow(api.home.get()).to("customers").get()
    ids = []
    for customer in customers.collection("_items"):
        ids.append(api.follow(customer).to("self").get()["membershipId"])
    assert sorted(ids) == ["A375", "B200"]


def test_an_embedded_resource_can_be_followed(api, hal, base):
    owner = hal.embedded_one("owner")
    assert api.follow(owner).to("self").url == base + "/owner"


def test_follow_a_list_rel_uses_the_first_link(api, hal):
    assert api.follow(hal).to("related").get()["path"] == "/echo/one"


def test_follow_a_list_rel_by_name(api, hal):
    assert api.follow(hal).to("related", name="two").get()["path"] == "/echo/two"
    assert api.follow(hal).to("related", "one").get()["path"] == "/echo/one"


def test_follow_a_list_rel_with_an_unknown_name_names_rel_and_name(api, hal):
    with pytest.raises(KeyError) as exc:
        api.follow(hal).to("related", name="three")
    assert "related" in str(exc.value) and "three" in str(exc.value)


def test_follow_a_templated_rel(api, hal):
    echo = api.follow(hal).to("search").with_template_values({"q": "hal"}).get()
    assert echo["path"] == "/echo/search" and echo["query"] == "q=hal"


# ---- resources are dicts --------------------------------------------------------------------

def test_resources_are_dicts(hal):
    assert isinstance(hal, dict)
    assert "_links" in hal
    assert hal["notalist"] == "just a string"
    assert hal.get("absent") is None
    assert list(hal) == list(hal.keys())
    assert list(hal)[0] == "_links"
    assert len(hal) == len(hal._halchemy.response.body)


def test_json_dumping_never_shows_halchemy(hal):
    text = json.dumps(hal)
    assert "_halchemy" not in text
    assert json.loads(text) == hal._halchemy.response.body
    assert "_halchemy" not in json.dumps({"wrapped": [hal]})
    assert "_halchemy" not in json.dumps(hal.embedded_one("owner"))


def test_printing_shows_the_fields_not_halchemy(hal, capsys):
    print(hal)
    out = capsys.readouterr().out
    assert "just a string" in out
    assert "_halchemy" not in out
    assert "_halchemy" not in repr(hal) and "_halchemy" not in str(hal)


def test_a_resource_equals_the_plain_dict_of_its_fields(hal):
    assert hal == hal._halchemy.response.body
    assert dict(hal) == hal._halchemy.response.body


def test_a_resource_can_be_changed_like_a_dict(hal):
    hal["extra"] = 1
    del hal["notalist"]
    assert hal["extra"] == 1 and "notalist" not in hal
    hal.update({"more": True})
    assert hal["more"] is True


def test_a_deep_copy_is_a_plain_equal_copy(hal):
    copied = copy.deepcopy(hal)
    assert copied == hal
    assert "_halchemy" not in json.dumps(copied)


def test_embedded_resources_and_collection_items_are_copies():
    """One behaviour with Node: changing what embedded()/collection() returned leaves the
    embedding resource as it came."""
    parent = halchemy.HalResource({"_embedded": {"owner": {"name": "Pat"}, "items": [{"n": 1}]},
                                   "_items": [{"n": 2}]})
    owner = parent.embedded("owner")
    owner["name"] = "Lee"
    parent.embedded_many("items")[0]["n"] = 9
    for item in parent.collection("_items"):
        item["n"] = 9
    assert parent == {"_embedded": {"owner": {"name": "Pat"}, "items": [{"n": 1}]}, "_items": [{"n": 2}]}
    assert owner["name"] == "Lee"
