"""SPEC §11: HAL resource helpers on a real response, and resources as plain dicts."""
import json

import pytest

import halchemy


@pytest.fixture
def hal(api):
    return api.using_endpoint("/hal").get()


def test_links_and_rels(hal):
    assert hal.links == ["self", "related", "search"]
    assert hal.has_rel("search")
    assert not hal.has_rel("nope")


def test_embedded_one_and_many(hal):
    assert hal.embedded_rels == ["owner", "items"]
    assert hal.has_embedded("owner")
    owner = hal.embedded("owner")
    assert isinstance(owner, halchemy.HalResource) and owner["name"] == "Pat"
    items = hal.embedded_many("items")
    assert [i["n"] for i in items] == [1, 2]
    assert hal.embedded_one("owner").has_rel("self")
    assert hal.embedded("items", halchemy.Multiplicity.MANY)[0]["n"] == 1


def test_embedded_expect_mismatch_is_a_type_error(hal):
    with pytest.raises(TypeError):
        hal.embedded("owner", "many")
    with pytest.raises(TypeError):
        hal.embedded_one("items")


def test_embedded_unknown_rel_is_a_key_error(hal):
    with pytest.raises(KeyError) as exc:
        hal.embedded("nope")
    assert "nope" in str(exc.value)


def test_collection(hal):
    assert [i["n"] for i in hal.collection("_items")] == [1, 2]
    for field, words in [("missing", "does not exist"), ("notalist", "is not a collection"),
                         ("bad_items", "contains non-HAL formatted objects")]:
        with pytest.raises(ValueError) as exc:
            hal.collection(field)
        assert words in str(exc.value)


def test_resources_are_dicts(hal):
    assert "_links" in hal
    assert list(hal)[0] == "_links"
    assert json.loads(json.dumps(hal))["notalist"] == "just a string"
    assert "_halchemy" not in json.dumps(hal)
    assert "_halchemy" not in repr(hal)


def test_embedded_resource_can_be_followed(api, hal):
    owner = hal.embedded_one("owner")
    assert api.follow(owner).to("self").url.endswith("/owner")


def test_jupyter_display_shows_status_and_links(hal):
    html = hal._repr_html_()
    assert "200" in html and "related" in html and "/echo/search{?q}" in html
