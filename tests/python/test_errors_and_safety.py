"""SPEC §10 and §12: network errors, status-code errors, and hostile input: schemes,
credentials across origins, header injection, broken and slow servers, huge bodies. After
every hostile case the same Api still works."""
import socket

import pytest

import halchemy


def still_works(api):
    assert api.home.get()._halchemy.response.status_code == 200


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_refused_connection_raises_network_error(api):
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint(f"http://127.0.0.1:{free_port()}/").get()
    assert isinstance(exc.value, ConnectionError)
    meta = exc.value.resource._halchemy
    assert meta.response.status_code == 0
    assert meta.response.reason == "Did not receive a response from the server"
    assert meta.error is exc.value
    assert "connect" in str(exc.value).lower()
    still_works(api)


def test_network_errors_can_be_returned_instead(api):
    api.error_handling.raise_for_network_errors = False
    resource = api.using_endpoint(f"http://127.0.0.1:{free_port()}/").get()
    assert resource._halchemy.response.status_code == 0
    assert resource._halchemy.response.reason == "Did not receive a response from the server"
    assert isinstance(resource._halchemy.error, halchemy.NetworkError)


def test_timeout(api):
    api.timeout = 0.3
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint("/slow/3").get()
    assert "timed out" in str(exc.value)
    api.timeout = 30
    still_works(api)


def test_server_closing_mid_body(api):
    with pytest.raises(halchemy.NetworkError):
        api.using_endpoint("/close-mid-body").get()
    still_works(api)


def test_body_over_the_limit_fails_cleanly(api):
    api.max_body = 10_000
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint("/big/100000").get()
    assert "limit" in str(exc.value)
    api.max_body = 64 * 1024 * 1024
    assert len(api.using_endpoint("/big/100000").get()._halchemy.response.body) == 99_998
    still_works(api)


def test_status_codes_raise_only_when_asked(api):
    assert api.using_endpoint("/status/500").get()._halchemy.response.status_code == 500
    api.error_handling.raise_for_status_codes = "400-403, >404"
    with pytest.raises(halchemy.HTTPError) as exc:
        api.using_endpoint("/status/500").get()
    assert exc.value.resource._halchemy.response.status_code == 500
    assert exc.value.resource["status"] == 500
    assert api.using_endpoint("/status/404").get()._halchemy.response.status_code == 404


def test_malformed_status_spec_is_an_error_when_set(api):
    with pytest.raises(halchemy.StatusSpecError):
        api.error_handling.raise_for_status_codes = "4xx"
    assert api.error_handling.raise_for_status_codes is None


@pytest.mark.parametrize("rel", ["file", "gopher", "ftp"])
def test_hostile_scheme_hrefs_are_refused(api, rel):
    hostile = api.using_endpoint("/hostile").get()
    with pytest.raises(halchemy.SchemeError) as exc:
        api.follow(hostile).to(rel).get()
    assert "only http and https" in str(exc.value)
    still_works(api)


def test_invalid_template_names_it_and_sends_nothing(api):
    hostile = api.using_endpoint("/hostile").get()
    with pytest.raises(halchemy.TemplateError) as exc:
        api.follow(hostile).to("badtemplate").get()
    assert "/x/{unclosed" in str(exc.value)
    still_works(api)


def test_redirect_to_another_scheme_is_refused(api):
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint("/redirect").with_parameters({"to": "file:///etc/passwd"}).get()
    assert "redirect" in str(exc.value)
    still_works(api)


@pytest.mark.parametrize("headers", [{"X-A": "1\r\nX-Injected: 1"}, {"X-A\nB": "1"}, {"X-A": "a\nb"}])
def test_crlf_in_headers_is_rejected_and_nothing_sent(api, headers):
    with pytest.raises(halchemy.HeaderError) as exc:
        api.using_endpoint("/echo").with_headers(headers).get()
    assert "CR or LF" in str(exc.value) or "invalid" in str(exc.value)
    with pytest.raises(halchemy.HeaderError):
        api.add_headers(headers)
    assert "X-A" not in api.headers
    still_works(api)


def test_default_credentials_stay_on_the_base_origin(api, other_base):
    same = api.using_endpoint("/echo").get()
    assert same["headers"]["Authorization"] == "Basic cm9vdDpwYXNzd29yZA=="
    elsewhere = api.using_endpoint(other_base + "/echo").get()
    assert "Authorization" not in elsewhere["headers"]
    redirected = api.using_endpoint("/redirect").with_parameters({"to": other_base + "/echo"}).get()
    assert redirected._halchemy.response.status_code == 200
    assert "Authorization" not in redirected["headers"]


def test_per_request_credentials_are_sent_as_given(api, other_base):
    echo = api.using_endpoint(other_base + "/echo").with_headers({"Authorization": "Bearer mine"}).get()
    assert echo["headers"]["Authorization"] == "Bearer mine"


def test_binary_body_is_text_not_a_crash(api):
    resource = api.using_endpoint("/binary").get()
    assert isinstance(resource._halchemy.response.body, str)
    assert dict(resource) == {}
