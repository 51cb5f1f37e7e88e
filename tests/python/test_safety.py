"""SPEC §12: safety rules. Only http/https is ever requested (also after redirects);
credentials from the default headers stay on the base URL's origin; bodies are bounded;
TLS is verified; no hostile input crashes the process or spoils the Api for the next
request (every hostile case ends with `still_works(api)`).

ASSUMPTION: the setting for the response-body limit is `api.max_body` (bytes); SPEC §12
says the limit is configurable but does not name it. Change MAX_BODY below if it differs."""
import http.server
import json
import os
import shutil
import ssl
import subprocess
import threading

import pytest
from conftest import DEFAULTS

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

MAX_BODY = "max_body"  # ASSUMED name of the response-body limit setting (bytes)
MIB = 1024 * 1024
BASIC = DEFAULTS["headers"]["Authorization"]


def refused_clearly(exc):
    """A refusal of a URL's scheme: a ValueError (before any request) or a NetworkError
    (a redirect refused mid-transfer), whose message says what was refused."""
    message = str(exc).lower()
    return any(word in message for word in ("scheme", "http and https", "not http", "protocol", "redirect"))


def test_the_tripwire_sees_a_request_that_is_made(api, tripwire):
    # guards every "nothing is requested" check below: the tripwire does notice a request
    with pytest.raises(halchemy.NetworkError):
        api.using_endpoint(tripwire.url()).get()
    assert not tripwire.untouched()


# ---- schemes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["file", "gopher", "ftp"])
def test_hostile_scheme_links_are_refused(api, rel, still_works):
    hostile = api.using_endpoint("/hostile").get()
    with pytest.raises(ValueError) as exc:
        api.follow(hostile).to(rel).get()
    assert refused_clearly(exc.value)
    assert hostile["_links"][rel]["href"] in str(exc.value)
    still_works(api)


def test_a_file_href_never_reads_the_file(api, tmp_path, still_works):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    for href in (f"file://{secret}", f"FILE://{secret}", f"file:{secret}"):
        with pytest.raises(ValueError) as exc:
            api.follow({"_links": {"x": {"href": href}}}).to("x").get()
        assert "TOP-SECRET-CONTENT" not in str(exc.value)
    still_works(api)


@pytest.mark.parametrize("scheme", ["gopher", "ftp", "dict", "telnet", "ldap", "smtp"])
def test_other_schemes_are_refused_and_nothing_is_requested(api, tripwire, scheme, still_works):
    with pytest.raises(ValueError):
        api.using_endpoint(tripwire.url(scheme, "/x")).get()
    assert tripwire.untouched()
    still_works(api)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_scheme_refusal_holds_for_every_method(api, tripwire, method):
    with pytest.raises(ValueError):
        getattr(api.using_endpoint(tripwire.url("gopher")), method)()
    assert tripwire.untouched()


def test_a_non_http_base_url_is_refused_when_set_or_when_requesting(tripwire):
    with pytest.raises(ValueError):  # refusing it in the constructor is as good
        halchemy.Api(tripwire.url("gopher")).home.get()
    api = halchemy.Api("http://example.org")
    with pytest.raises(ValueError):
        api.base_url = tripwire.url("gopher")
        api.home.get()
    assert tripwire.untouched()


def test_a_redirect_to_a_file_url_is_refused(api, tmp_path, still_works):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    with pytest.raises((ValueError, halchemy.NetworkError)) as exc:
        api.using_endpoint("/redirect").with_parameters({"to": f"file://{secret}"}).get()
    assert refused_clearly(exc.value)
    assert "TOP-SECRET-CONTENT" not in str(exc.value)
    still_works(api)


def test_a_redirect_to_another_scheme_is_refused_and_not_followed(api, tripwire, still_works):
    with pytest.raises((ValueError, halchemy.NetworkError)) as exc:
        api.using_endpoint("/redirect").with_parameters({"to": tripwire.url("gopher", "/x")}).get()
    assert refused_clearly(exc.value)
    assert tripwire.untouched()
    still_works(api)


def test_a_refused_redirect_is_returned_when_network_errors_do_not_raise(api, tripwire):
    api.error_handling.raise_for_network_errors = False
    try:
        resource = api.using_endpoint("/redirect").with_parameters({"to": tripwire.url("gopher")}).get()
    except ValueError:
        pass  # refusing it as a usage error is fine too
    else:
        assert resource._halchemy.error is not None
        assert resource._halchemy.response.status_code in (0, 302)
    assert tripwire.untouched()


def test_an_http_redirect_is_followed(api):
    echo = api.using_endpoint("/redirect").with_parameters({"to": "/echo/followed", "code": 307}).get()
    assert echo["path"] == "/echo/followed"


# ---- credentials stay on the base URL's origin --------------------------------------------------

def test_default_authorization_goes_to_the_base_origin(api, received):
    assert received(api.using_endpoint("/echo").get())["authorization"] == BASIC


def test_default_authorization_goes_to_an_absolute_href_on_the_base_origin(api, base, received):
    assert received(api.using_endpoint(base + "/echo/abs").get())["authorization"] == BASIC


def test_default_authorization_is_not_sent_to_another_origin(api, other_base, received):
    sent = received(api.using_endpoint(other_base + "/echo").get())
    assert "authorization" not in sent
    assert sent["accept"].startswith("application/hal+json")  # other defaults still go


def test_default_authorization_is_not_sent_to_a_link_on_another_origin(api, other_base, received):
    resource = {"_links": {"self": {"href": "/x"}, "elsewhere": {"href": other_base + "/echo/linked"}}}
    assert "authorization" not in received(api.follow(resource).to("elsewhere").get())


def test_default_authorization_is_not_sent_across_a_redirect_to_another_origin(api, other_base, received):
    echo = api.using_endpoint("/redirect").with_parameters({"to": other_base + "/echo/redirected"}).get()
    assert echo._halchemy.response.status_code == 200
    assert echo["path"] == "/echo/redirected"
    assert "authorization" not in received(echo)


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_no_redirect_code_carries_credentials_to_another_origin(api, other_base, received, code):
    echo = api.using_endpoint("/redirect").with_parameters({"to": other_base + "/echo/r", "code": code}).get()
    assert echo["path"] == "/echo/r"
    assert "authorization" not in received(echo)


def test_default_authorization_survives_a_redirect_within_the_base_origin(api, received):
    echo = api.using_endpoint("/redirect").with_parameters({"to": "/echo/same-origin"}).get()
    assert echo["path"] == "/echo/same-origin"
    assert received(echo)["authorization"] == BASIC


@pytest.mark.parametrize("name,value", [("Cookie", "session=abc"), ("Proxy-Authorization", "Basic eDp5")])
def test_other_default_credentials_stay_on_the_base_origin(api, other_base, received, name, value):
    api.add_headers({name: value})
    assert received(api.using_endpoint("/echo").get())[name.lower()] == value
    assert name.lower() not in received(api.using_endpoint(other_base + "/echo").get())
    redirected = api.using_endpoint("/redirect").with_parameters({"to": other_base + "/echo"}).get()
    assert name.lower() not in received(redirected)


def test_lower_case_default_credentials_stay_on_the_base_origin(api, other_base, received):
    api.add_headers({"authorization": "Bearer secret-token"})
    assert received(api.using_endpoint("/echo").get())["authorization"] == "Bearer secret-token"
    assert "authorization" not in received(api.using_endpoint(other_base + "/echo").get())


def test_the_origin_follows_the_current_base_url(api, base, other_base, received):
    api.base_url = other_base
    assert received(api.using_endpoint(other_base + "/echo").get())["authorization"] == BASIC
    assert "authorization" not in received(api.using_endpoint(base + "/echo").get())


def test_per_request_credentials_are_sent_as_given_to_another_origin(api, other_base, received):
    echo = api.using_endpoint(other_base + "/echo").with_headers({"Authorization": "Bearer mine"}).get()
    assert received(echo)["authorization"] == "Bearer mine"


# ---- bounded bodies -------------------------------------------------------------------------

def test_a_body_over_a_lowered_limit_fails_cleanly(api, still_works):
    setattr(api, MAX_BODY, 10_000)
    with pytest.raises((halchemy.NetworkError, ValueError)) as exc:
        api.using_endpoint("/big/200000").get()
    message = str(exc.value).lower()
    assert any(word in message for word in ("limit", "large", "too big", "exceed", "size"))
    still_works(api)
    setattr(api, MAX_BODY, 64 * MIB)
    assert len(api.using_endpoint("/big/200000").get()._halchemy.response.body) == 200000 - 2


def test_a_body_under_a_lowered_limit_is_fine(api):
    setattr(api, MAX_BODY, 10_000)
    assert len(api.using_endpoint("/big/5000").get()._halchemy.response.body) == 5000 - 2


def test_the_default_body_limit_is_64_mib(api, still_works):
    assert getattr(api, MAX_BODY) == 64 * MIB
    with pytest.raises((halchemy.NetworkError, ValueError)):
        api.using_endpoint(f"/big/{64 * MIB + MIB}").get()
    still_works(api)
    assert len(api.using_endpoint(f"/big/{MIB}").get()._halchemy.response.body) == MIB - 2


def test_an_over_limit_body_is_returned_as_an_error_when_network_errors_do_not_raise(api):
    setattr(api, MAX_BODY, 10_000)
    api.error_handling.raise_for_network_errors = False
    resource = api.using_endpoint("/big/200000").get()
    assert resource._halchemy.error is not None
    assert dict(resource) == {}


# ---- hostile bodies -----------------------------------------------------------------------------

def test_malformed_json_is_returned_as_text(api, still_works):
    resource = api.using_endpoint("/malformed").get()
    assert resource._halchemy.response.status_code == 200
    assert resource._halchemy.response.body == '{"a": '
    assert dict(resource) == {}
    still_works(api)


def test_a_binary_body_is_not_a_crash(api, still_works):
    resource = api.using_endpoint("/binary").get()
    assert resource._halchemy.response.status_code == 200
    assert isinstance(resource._halchemy.response.body, str)
    assert dict(resource) == {}
    still_works(api)


def test_a_binary_request_body_string_is_sent(api):
    text = "".join(chr(c) for c in range(1, 256))
    echo = api.using_endpoint("/echo").post(text, content_type="text/plain")
    assert echo["body"] == text


def test_hostile_template_values_are_encoded_not_injected(api):
    echo = api.using_endpoint("/echo/{x}").with_template_values({"x": "../../etc\r\nX-Evil: 1"}).get()
    assert echo["path"].startswith("/echo/")
    assert "\r" not in echo["path"] and "\n" not in echo["path"]
    assert "x-evil" not in {n.lower() for n in echo["headers"]}


def test_deeply_nested_template_values_are_an_error_or_encoded(api, still_works):
    deep = current = {}
    for _ in range(2000):
        current["a"] = {}
        current = current["a"]
    try:
        url = api.using_endpoint("/echo{?deep*}").with_template_values({"deep": deep}).url
    except (ValueError, RecursionError):
        pass
    else:
        assert url.startswith(api.base_url)
    still_works(api)


def test_a_body_that_cannot_be_serialized_is_a_clear_error(api, still_works):
    with pytest.raises((TypeError, ValueError)):
        api.using_endpoint("/echo").post({"not json": object()})
    still_works(api)


# ---- TLS certificates are verified ----------------------------------------------------------------

@pytest.fixture(scope="module")
def self_signed_https(tmp_path_factory):
    """A real HTTPS server whose certificate nobody trusts (made with openssl)."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a self-signed certificate")
    tmp = tmp_path_factory.mktemp("tls")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps({"_links": {"self": {"href": "/"}}, "tls": True}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/hal+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", str(cert)
    server.shutdown()
    server.server_close()


def test_an_untrusted_certificate_is_refused(api, self_signed_https, still_works):
    url, _ = self_signed_https
    with pytest.raises(halchemy.NetworkError) as exc:
        api.using_endpoint(url + "/").get()
    assert exc.value.resource._halchemy.response.status_code == 0
    still_works(api)


def test_the_https_fixture_server_really_serves_when_trusted(self_signed_https):
    # guards the test above: the refusal is about trust, not a broken server
    import urllib.request
    url, cert = self_signed_https
    context = ssl.create_default_context(cafile=cert)
    with urllib.request.urlopen(url + "/", context=context, timeout=10) as resp:
        assert json.loads(resp.read())["tls"] is True


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs /proc to read memory use")
def test_repeated_hostile_requests_do_not_grow_memory_without_bound(api):
    def rss_kib():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def round_of_hostile_requests():
        for i in range(100):
            with pytest.raises(ValueError):
                api.using_endpoint("/x/{unclosed").get()
            with pytest.raises(ValueError):
                api.using_endpoint("gopher://127.0.0.1/").get()
            if i % 2 == 0:
                with pytest.raises(halchemy.NetworkError):
                    api.using_endpoint("/close-mid-body").get()
            if i % 10 == 0:
                assert dict(api.using_endpoint("/malformed").get()) == {}
                assert dict(api.using_endpoint("/binary").get()) == {}

    round_of_hostile_requests()  # warm up caches and connection pools
    before = rss_kib()
    for _ in range(3):
        round_of_hostile_requests()
    assert rss_kib() - before < 20 * 1024  # 810 hostile requests: well under 20 MiB growth


@pytest.mark.parametrize("links, criteria, shown", [
    ({"x": {"href": "/a\x00b"}}, {}, "'/a\\x00b'"),
    ({"self": {"href": "/s\x00"}, "x": {"href": "/a"}}, {}, "'/s\\x00'"),
    ({"x": {"href": "/a"}}, {"name": "a\x00"}, "'a\\x00'"),
])
def test_a_nul_in_a_link_is_refused_never_cut(links, criteria, shown):
    """SPEC §12 (v2): an href (or the self href, or a criterion) holding a NUL is refused
    with the core's message, the same in Node; it is never followed as the text before it."""
    api = halchemy.Api("http://h")
    with pytest.raises(halchemy.InvalidValueError, match="NUL") as info:
        api.follow({"_links": links}).to("x", **criteria)
    assert shown in str(info.value)


def test_a_link_name_holding_a_nul_is_not_the_name_before_it():
    api = halchemy.Api("http://h")
    links = {"x": [{"href": "/1", "name": "a\x00b"}, {"href": "/2", "name": "a"}]}
    assert api.follow({"_links": links}).to("x", name="a").url == "http://h/2"
