"""SPEC §10: network errors raise NetworkError (a ConnectionError) by default, or come back
as a resource with status_code 0; status codes raise HTTPError only when
raise_for_status_codes matches; spec strings and their errors."""
import time

import pytest

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

NO_RESPONSE = "Did not receive a response from the server"


def test_network_error_is_a_connection_error():
    assert issubclass(halchemy.NetworkError, ConnectionError)
    assert issubclass(halchemy.NetworkError, OSError)


def test_http_error_is_not_a_network_error():
    assert not issubclass(halchemy.HTTPError, ConnectionError)


# ---- network failures ---------------------------------------------------------------------

def test_refused_connection_raises_network_error_carrying_the_resource(api, refused_url, still_works):
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint(refused_url).get()
    meta = exc.value.resource._halchemy
    assert meta.response.status_code == 0
    assert meta.response.reason == NO_RESPONSE
    assert meta.request.url == refused_url
    assert meta.request.method == "GET"
    assert meta.error is not None and str(meta.error)
    assert dict(exc.value.resource) == {}
    still_works(api)


def test_refused_connection_can_be_caught_as_connection_error(api, refused_url):
    with pytest.raises(ConnectionError):
        api.using_endpoint(refused_url).post({"a": 1})


def test_network_error_message_describes_the_cause(api, refused_url):
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint(refused_url).get()
    message = str(exc.value).lower()
    assert "connect" in message or "refused" in message


def test_network_errors_can_be_returned_instead_of_raised(api, refused_url):
    api.error_handling.raise_for_network_errors = False
    resource = api.using_endpoint(refused_url).get()
    assert resource._halchemy.response.status_code == 0
    assert resource._halchemy.response.reason == NO_RESPONSE
    assert resource._halchemy.error is not None
    assert str(resource._halchemy.error)
    assert dict(resource) == {}


def test_a_returned_network_error_can_be_raised_later(api, refused_url):
    api.error_handling.raise_for_network_errors = False
    resource = api.using_endpoint(refused_url).get()
    with pytest.raises(halchemy.NetworkError):
        raise resource._halchemy.error


def test_unknown_host_is_a_network_error(api):
    api.timeout = 10
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint("http://no-such-host.invalid/").get()
    assert exc.value.resource._halchemy.response.status_code == 0


def test_tls_failure_is_a_network_error(api, base, still_works):
    # https to a plain-HTTP server: the handshake fails
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint(base.replace("http://", "https://") + "/").get()
    assert exc.value.resource._halchemy.response.reason == NO_RESPONSE
    still_works(api)


def test_timeout_raises_network_error_within_the_timeout(api, still_works):
    api.timeout = 0.5
    started = time.monotonic()
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint("/slow/5").get()
    assert time.monotonic() - started < 3
    assert "time" in str(exc.value).lower()
    assert exc.value.resource._halchemy.response.status_code == 0
    api.timeout = 30
    still_works(api)


def test_a_request_faster_than_the_timeout_succeeds(api):
    api.timeout = 5
    assert api.using_endpoint("/slow/0.2").get()._halchemy.response.status_code == 200


def test_timeout_zero_means_no_timeout(api):
    api.timeout = 0
    assert api.using_endpoint("/slow/1.2").get()._halchemy.response.status_code == 200


def test_timeout_returned_instead_of_raised(api):
    api.timeout = 0.3
    api.error_handling.raise_for_network_errors = False
    resource = api.using_endpoint("/slow/3").get()
    assert resource._halchemy.response.status_code == 0
    assert resource._halchemy.response.reason == NO_RESPONSE


def test_server_closing_mid_body_is_a_network_error(api, still_works):
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint("/close-mid-body").get()
    assert exc.value.resource._halchemy.response.status_code == 0
    still_works(api)


# ---- status codes --------------------------------------------------------------------------

@pytest.mark.parametrize("code", [400, 404, 412, 428, 500, 503])
def test_no_status_code_raises_by_default(api, code):
    assert api.using_endpoint(f"/status/{code}").get()._halchemy.response.status_code == code


def test_matching_status_raises_http_error_carrying_the_resource(api):
    api.error_handling.raise_for_status_codes = "400-403, >404"
    with pytest.raises(halchemy.HTTPError) as exc:
        api.using_endpoint("/status/500").get()
    resource = exc.value.resource
    assert resource["status"] == 500
    assert resource._halchemy.response.status_code == 500
    assert resource._halchemy.request.method == "GET"
    assert "500" in str(exc.value)


def test_a_status_not_in_the_spec_returns_normally(api):
    api.error_handling.raise_for_status_codes = "400-403, >404"
    assert api.using_endpoint("/status/404").get()._halchemy.response.status_code == 404
    assert api.using_endpoint("/status/200").get()._halchemy.response.status_code == 200


def test_status_codes_raise_for_every_method(api):
    api.error_handling.raise_for_status_codes = ">399"
    for method in ("get", "head", "post", "put", "patch", "delete"):
        with pytest.raises(halchemy.HTTPError):
            getattr(api.using_endpoint("/status/409"), method)()


def test_status_raising_can_be_turned_off_again(api):
    api.error_handling.raise_for_status_codes = ">399"
    api.error_handling.raise_for_status_codes = None
    assert api.using_endpoint("/status/500").get()._halchemy.response.status_code == 500


@pytest.mark.vectors("status_codes.json", error=None)
def test_status_spec_vector(api, case, core):
    api.error_handling.raise_for_status_codes = case["spec"]
    for code in case["raises"] + case["passes"]:
        should_raise = code in case["raises"]
        if code < 200:
            # a 1xx is never a final response on the wire: only the core can be asked
            assert core.status_matches(case["spec"], code) == should_raise, code
            continue
        if should_raise:
            with pytest.raises(halchemy.HTTPError) as exc:
                api.using_endpoint(f"/status/{code}").get()
            assert exc.value.resource._halchemy.response.status_code == code
        else:
            resource = api.using_endpoint(f"/status/{code}").get()
            assert resource._halchemy.response.status_code == code
        # the same spec through the metadata helper
        api.error_handling.raise_for_status_codes = None
        resource = api.using_endpoint(f"/status/{code}").get()
        if should_raise:
            with pytest.raises(halchemy.HTTPError):
                resource._halchemy.raise_for_status_codes(case["spec"])
        else:
            resource._halchemy.raise_for_status_codes(case["spec"])
        api.error_handling.raise_for_status_codes = case["spec"]


@pytest.mark.vectors("status_codes.json", raises=None)
def test_malformed_status_spec_vector_is_an_error_when_set(case, errors):
    api = halchemy.Api("http://example.org")
    api.error_handling.raise_for_status_codes = ">499"
    with pytest.raises(errors[case["error"]]) as exc:
        api.error_handling.raise_for_status_codes = case["spec"]
    assert case["spec"] in str(exc.value)
    assert api.error_handling.raise_for_status_codes == ">499"


def test_malformed_spec_through_the_alias_is_an_error_too():
    api = halchemy.Api("http://example.org")
    with pytest.raises(ValueError):
        api.error_handling.raise_on_status_codes = "lots"


def test_spec_400_space_greater_than_401_does_not_raise_for_401(api):
    api.error_handling.raise_for_status_codes = "400 >401"
    assert api.using_endpoint("/status/401").get()._halchemy.response.status_code == 401
    with pytest.raises(halchemy.HTTPError):
        api.using_endpoint("/status/400").get()


def test_network_errors_and_status_codes_are_independent(api, refused_url):
    api.error_handling.raise_for_network_errors = False
    api.error_handling.raise_for_status_codes = ">399"
    assert api.using_endpoint(refused_url).get()._halchemy.response.status_code == 0
    with pytest.raises(halchemy.HTTPError):
        api.using_endpoint("/status/404").get()


# ---- _halchemy.raise_for_status_codes ----------------------------------------------------

def test_raise_for_status_codes_defaults_to_above_399(api):
    resource = api.using_endpoint("/status/404").get()
    with pytest.raises(halchemy.HTTPError) as exc:
        resource._halchemy.raise_for_status_codes()
    assert exc.value.resource is resource
    assert exc.value.resource._halchemy.response.status_code == 404


@pytest.mark.parametrize("code", [200, 201, 204, 301, 399])
def test_raise_for_status_codes_default_passes_below_400(api, code):
    resource = api.using_endpoint(f"/status/{code}").get()
    assert resource._halchemy.raise_for_status_codes() is None


def test_raise_for_status_codes_takes_a_spec(api):
    resource = api.using_endpoint("/status/404").get()
    resource._halchemy.raise_for_status_codes(">404")
    resource._halchemy.raise_for_status_codes("400-403, >404")
    with pytest.raises(halchemy.HTTPError):
        resource._halchemy.raise_for_status_codes("404")
    with pytest.raises(halchemy.HTTPError):
        resource._halchemy.raise_for_status_codes(settings="<=404")


def test_raise_for_status_codes_with_a_malformed_spec_is_a_clear_error(api):
    resource = api.using_endpoint("/status/404").get()
    with pytest.raises(ValueError) as exc:
        resource._halchemy.raise_for_status_codes("4xx")
    assert not isinstance(exc.value, halchemy.HTTPError)
    assert "4xx" in str(exc.value)


def test_the_http_error_message_has_no_trailing_space_when_the_reason_is_empty():
    """Issue 10: the message is built by the core for both languages (SPEC §10)."""
    from halchemy._resource import HalchemyMetadata, Request, Response
    meta = HalchemyMetadata(Request("PATCH", "http://h/x", [], None),
                            Response(412, "", [], None, "http://h/x"), None)
    with pytest.raises(halchemy.HTTPError) as exc:
        meta.raise_for_status_codes()
    assert str(exc.value) == "PATCH http://h/x returned 412"
