"""SPEC §8: optimistic concurrency. On PUT/PATCH/DELETE through follow(resource).to(rel)
where the link points at the resource itself, halchemy sends If-Match: the ETag header the
resource came with, else its etag field, else nothing. Checked on the wire with /echo and
against the customers API (428 without If-Match, 412 when stale)."""
import pytest

import halchemy

pytestmark = [pytest.mark.usefixtures("reset"), pytest.mark.both_apis]  # [sync] and [async] (conftest api_kind)


def get_customer(api, membership_id="A375"):
    customers = api.follow(api.home.get()).to("customers").get()
    return api.follow(customers).to("item").with_template_values({"membershipId": membership_id}).get()


def on_echo(href, base):
    """Moves a vector's href under /echo on the test server, keeping which hrefs are equal:
    relative '/x' -> '/echo/x', 'http://example.org/x' -> '<base>/echo/x', '' stays ''."""
    if href is None or href == "":
        return href
    if href.startswith("http://example.org"):
        return base + "/echo" + href[len("http://example.org"):]
    return "/echo" + href


@pytest.mark.vectors("if_match.json")
def test_if_match_vector(api, base, case, received, core):
    if "etag_source" in case:
        assert core.if_match(case) == case["expected"]
        return
    method = case["method"].lower()
    if method not in ("get", "head", "options", "post", "put", "patch", "delete"):
        pytest.skip(f"the Python API has no {case['method']} requester method")
    if case["etag_header"] is not None:
        # a resource that really came with that ETag header (and maybe the field)
        query = {"etag": case["etag_header"]}
        if case["etag_value"] is not None:
            query["field"] = case["etag_value"]
        resource = api.using_endpoint("/echo/source").with_parameters(query).get()
        assert resource._halchemy.response.headers.get("ETag") == case["etag_header"]
    else:
        resource = {} if case["etag_value"] is None else {"_etag": case["etag_value"]}
    if case["etag_value"] is None:
        resource.pop("_etag", None)
    links = {"target": {"href": on_echo(case["link_href"], base)}}
    if case["self_href"] is not None:
        links["self"] = {"href": on_echo(case["self_href"], base)}
    resource["_links"] = links

    result = getattr(api.follow(resource).to("target"), method)()
    assert result._halchemy.request.method == case["method"].upper()
    sent = result._halchemy.request.headers
    if case["expected"] is None:
        assert "If-Match" not in sent
    else:
        assert sent.get("If-Match") == case["expected"]
    if result._halchemy.request.url.split("?")[0].startswith(base + "/echo") and method not in ("head", "options"):
        on_the_wire = received(result)  # what the server really got
        if case["expected"] is None:
            assert "if-match" not in on_the_wire
        else:
            assert on_the_wire.get("if-match") == case["expected"]


# ---- the customers API ----------------------------------------------------------------------

def test_fresh_patch_sends_the_etag_header_exactly_as_received(api):
    customer = get_customer(api)
    etag = customer._halchemy.response.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    changed = api.follow(customer).to("self").patch({"givenName": "Leslie"})
    assert changed._halchemy.request.headers["If-Match"] == etag
    assert changed._halchemy.response.status_code == 200
    assert changed["givenName"] == "Leslie"


def test_stale_patch_gets_412(api):
    customer = get_customer(api)
    first = api.follow(customer).to("self").patch({"givenName": "First"})
    assert first._halchemy.response.status_code == 200
    stale = api.follow(customer).to("self").patch({"givenName": "Second"})
    assert stale._halchemy.response.status_code == 412
    assert stale["givenName"] == "First"


def test_patching_the_returned_resource_again_succeeds(api):
    customer = get_customer(api)
    first = api.follow(customer).to("self").patch({"givenName": "First"})
    second = api.follow(first).to("self").patch({"givenName": "Second"})
    assert second._halchemy.response.status_code == 200
    assert second["givenName"] == "Second"


def test_put_carries_if_match(api):
    customer = get_customer(api, "B200")
    put = api.follow(customer).to("self").put({"givenName": "Lee", "familyName": "Brown"})
    assert put._halchemy.request.headers["If-Match"] == customer._halchemy.response.headers["ETag"]
    assert put._halchemy.response.status_code == 200
    assert put["familyName"] == "Brown"


def test_delete_carries_if_match(api):
    customer = get_customer(api, "B200")
    deleted = api.follow(customer).to("self").delete()
    assert deleted._halchemy.request.headers["If-Match"] == customer._halchemy.response.headers["ETag"]
    assert deleted._halchemy.response.status_code == 204
    gone = api.using_endpoint("/customers/B200").get()
    assert gone._halchemy.response.status_code == 404


def test_stale_delete_gets_412_and_deletes_nothing(api):
    customer = get_customer(api, "B200")
    api.follow(customer).to("self").patch({"givenName": "Changed"})
    stale = api.follow(customer).to("self").delete()
    assert stale._halchemy.response.status_code == 412
    assert api.using_endpoint("/customers/B200").get()._halchemy.response.status_code == 200


def test_a_change_without_if_match_gets_428(api):
    # using_endpoint is not follow(resource).to(rel): no resource, no If-Match
    response = api.using_endpoint("/customers/A375").patch({"givenName": "X"})
    assert "If-Match" not in response._halchemy.request.headers
    assert response._halchemy.response.status_code == 428


def test_the_etag_field_is_used_for_a_plain_dict(api):
    customer = dict(get_customer(api))  # the caller's own dict: only the field applies
    changed = api.follow(customer).to("self").patch({"givenName": "Leslie"})
    assert changed._halchemy.request.headers["If-Match"] == customer["_etag"]
    assert changed._halchemy.response.status_code == 200


def test_the_etag_header_comes_first(api, received):
    resource = api.using_endpoint("/headers-only-etag").get()
    echo = api.follow(resource).to("self").patch({"a": 1})
    assert echo["path"] == "/echo/etag-target"
    assert received(echo)["if-match"] == '"from-header"'


def test_the_etag_field_when_there_is_no_header(api, received):
    resource = api.using_endpoint("/echo/me").with_parameters({"field": "from-field"}).get()
    assert "ETag" not in resource._halchemy.response.headers
    echo = api.follow(resource).to("self").put({})
    assert received(echo)["if-match"] == "from-field"


def test_no_if_match_without_any_etag(api, received):
    echo = api.follow({"_links": {"self": {"href": "/echo/x"}}}).to("self").patch({})
    assert "if-match" not in received(echo)


def test_the_etag_field_name_is_configurable(api, received):
    api.etag_field = "version"
    resource = {"version": "v9", "_etag": "not-this", "_links": {"self": {"href": "/echo/x"}}}
    assert received(api.follow(resource).to("self").put({}))["if-match"] == "v9"


def test_a_link_to_another_resource_gets_no_if_match(api):
    customer = get_customer(api)
    assert customer._halchemy.response.headers["ETag"]
    for method in ("post", "put", "patch", "delete"):
        cancelled = getattr(api.follow(customer).to("cancel"), method)()
        assert cancelled["cancelled"] is True
        assert cancelled["ifMatch"] is None, method


def test_a_rel_with_the_self_href_gets_if_match(api, received):
    resource = {"_etag": "abc", "_links": {"self": {"href": "/echo/me"}, "edit": {"href": "/echo/me"}}}
    assert received(api.follow(resource).to("edit").patch({}))["if-match"] == "abc"


def test_a_rel_with_the_self_href_of_a_real_response_gets_its_etag_header(api, received):
    resource = api.using_endpoint("/headers-only-etag").get()
    resource["_links"]["edit"] = {"href": resource["_links"]["self"]["href"]}
    assert received(api.follow(resource).to("edit").delete())["if-match"] == '"from-header"'


@pytest.mark.parametrize("method", ["get", "head", "options", "post"])
def test_get_head_options_and_post_never_get_if_match(api, method):
    resource = api.using_endpoint("/headers-only-etag").get()
    result = getattr(api.follow(resource).to("self"), method)()
    assert "If-Match" not in result._halchemy.request.headers


@pytest.mark.parametrize("name", ["If-Match", "if-match", "IF-MATCH"])
def test_the_callers_if_match_wins(api, received, name):
    resource = api.using_endpoint("/headers-only-etag").get()
    echo = api.follow(resource).to("self").with_headers({name: '"mine"'}).delete()
    assert received(echo)["if-match"] == '"mine"'
    assert len([n for n in echo["headers"] if n.lower() == "if-match"]) == 1


def test_the_callers_if_match_star_applies_the_change(api):
    customer = get_customer(api)
    api.follow(customer).to("self").patch({"givenName": "Other"})
    forced = api.follow(customer).to("self").with_headers({"If-Match": "*"}).patch({"givenName": "Forced"})
    assert forced._halchemy.response.status_code == 200
    assert forced["givenName"] == "Forced"


def test_a_new_customer_from_post_can_be_patched_with_its_etag(api):
    customers = api.follow(api.home.get()).to("customers").get()
    created = api.follow(customers).to("self").post({"membershipId": "C300", "givenName": "Sam"})
    assert created._halchemy.response.status_code == 201
    assert created._halchemy.response.headers["location"] == "/customers/C300"
    changed = api.follow(created).to("self").patch({"familyName": "Lee"})
    assert changed._halchemy.response.status_code == 200
    assert changed["familyName"] == "Lee"


def test_the_if_match_of_an_embedded_customer_comes_from_its_field(api):
    customers = api.follow(api.home.get()).to("customers").get()
    first = customers["_embedded"]["customers"][0]
    changed = api.follow(first).to("self").patch({"givenName": "Via-Embedded"})
    assert changed._halchemy.request.headers["If-Match"] == first["_etag"]
    assert changed._halchemy.response.status_code == 200


# ---- v2: require_if_match and refresh-and-apply-again (SPEC §8) ---------------------------

def test_require_if_match_refuses_a_change_without_an_etag_and_sends_nothing(base, tripwire):
    api = halchemy.Api(tripwire.url(), require_if_match=True)
    built = {"_links": {"self": {"href": "/customers/A375"}}}  # no ETag anywhere
    with pytest.raises(halchemy.MissingETagError) as exc:
        api.follow(built).to("self").patch({"givenName": "X"})
    assert tripwire.url(path="/customers/A375") in str(exc.value)
    assert "GET the resource first" in str(exc.value)
    assert exc.value.code == "missing_etag"
    assert isinstance(exc.value, halchemy.HalchemyError)
    assert tripwire.untouched()


def test_require_if_match_is_satisfied_by_an_etag_or_the_callers_if_match(api, received):
    api.require_if_match = True
    customer = get_customer(api)
    changed = api.follow(customer).to("self").patch({"givenName": "Kim"})
    assert changed._halchemy.response.status_code == 200
    built = {"_links": {"self": {"href": "/echo/x"}}}
    sent = api.follow(built).to("self").with_headers({"If-Match": "*"}).patch({})
    assert received(sent)["if-match"] == "*"


def test_require_if_match_leaves_links_to_other_resources_alone(api):
    api.require_if_match = True
    built = {"_links": {"self": {"href": "/customers/A375"}, "cancel": {"href": "/customers/A375/cancel"}}}
    result = api.follow(built).to("cancel").post()
    assert result["cancelled"] is True


def test_require_if_match_from_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "halchemy.ini"
    config.write_text("[halchemy]\nrequire_if_match = yes\n")
    monkeypatch.setenv("HALCHEMY_CONFIG", str(config))
    assert halchemy.Api().require_if_match is True


@pytest.mark.usefixtures("reset")
def test_conflict_retry_turns_a_412_into_a_200(api):
    ours = get_customer(api)
    theirs = get_customer(halchemy.Api(api.base_url))
    halchemy.Api(api.base_url).follow(theirs).to("self").patch({"familyName": "Theirs"})
    result = api.follow(ours).to("self").with_conflict_retry(1).patch({"givenName": "Ours"})
    assert result._halchemy.response.status_code == 200
    assert result._halchemy.conflict_retries == 1
    assert (result["givenName"], result["familyName"]) == ("Ours", "Theirs")
    assert result._halchemy.request.method == "PATCH"


@pytest.mark.usefixtures("reset")
def test_without_conflict_retry_a_412_is_returned(api):
    ours = get_customer(api)
    halchemy.Api(api.base_url).follow(get_customer(api)).to("self").patch({"familyName": "Theirs"})
    result = api.follow(ours).to("self").patch({"givenName": "Ours"})
    assert result._halchemy.response.status_code == 412
    assert result._halchemy.conflict_retries == 0


@pytest.mark.usefixtures("reset")
def test_conflict_retry_is_not_used_when_there_is_no_conflict(api):
    customer = get_customer(api)
    result = api.follow(customer).to("self").with_conflict_retry(3).put(
        {"givenName": "Pat", "familyName": "Smith"})
    assert result._halchemy.response.status_code == 200
    assert result._halchemy.conflict_retries == 0


def test_conflict_retry_takes_an_int_at_least_zero(api):
    requester = api.follow(get_customer(api)).to("self")
    for bad in (-1, 1.5, "2", True):
        with pytest.raises(TypeError):
            requester.with_conflict_retry(bad)


def test_a_weak_etag_header_gives_way_to_the_strong_field(api, received):
    """Issue 9 #7: nginx with gzip weakens ETag to W/"v1"; the body keeps _etag v1."""
    resource = api.using_endpoint("/echo/w").with_parameters({"etag": 'W/"v1"', "field": "v1"}).get()
    sent = api.follow(resource).to("self").patch({})
    assert received(sent)["if-match"] == "v1"


def test_an_etag_field_holding_a_nul_is_refused_not_cut(api, received):
    """SPEC §8, §12: a server's etag field with a NUL ("v1\\u0000x") can never be an If-Match
    value: a change that would send it is refused, naming the field, before anything is
    sent (sending it cut, or without If-Match, would drop the conflict check). Following
    any link of the resource with GET works as usual, and so does the Api."""
    resource = api.using_endpoint("/echo/nul").with_parameters({"field": "v1\x00x"}).get()
    assert resource["_etag"] == "v1\x00x"
    with pytest.raises(halchemy.InvalidValueError, match="etag field '_etag' holds a NUL byte"):
        api.follow(resource).to("self").patch({})
    again = api.follow(resource).to("self").get()
    assert again._halchemy.response.status_code == 200 and "if-match" not in received(again)
    resource["_etag"] = "v1"  # the program may mend it
    assert received(api.follow(resource).to("self").patch({}))["if-match"] == "v1"
