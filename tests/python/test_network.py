"""SPEC §13 network settings in Python, against real servers: TLS (tests/server/tls_server.py
with certificates made by openssl at test time, tests/server/make_certs.sh), a forward proxy
(tests/server/proxy.py), the cookie jar, Ctrl-C, per-request timeouts, close, redirect
history, tracing on the `halchemy` logger, and the redaction of credentials in repr."""
import json
import logging
import os
import signal
import subprocess
import threading
import time

import pytest
from conftest import ROOT
from serverproc import start_script, stop_script

import halchemy

pytestmark = pytest.mark.both_apis  # [sync] and [async] (conftest api_kind)

PROXY_VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
              "ALL_PROXY", "no_proxy", "NO_PROXY")


def _start(script, *args):
    """Starts tests/server/<script> with args; returns (process, the base URL it printed)."""
    return start_script(os.path.join(ROOT, "tests", "server", script), args)


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    d = tmp_path_factory.mktemp("pki")
    subprocess.run(["sh", os.path.join(ROOT, "tests", "server", "make_certs.sh"), str(d)],
                   check=True, capture_output=True)
    return {name: str(d / name) for name in
            ("ca.pem", "other-ca.pem", "server.pem", "server.key", "client.pem", "client.key")}


@pytest.fixture(scope="session")
def tls_base(pki):
    proc, base = _start("tls_server.py", "--cert", pki["server.pem"], "--key", pki["server.key"],
                        "--ca", pki["ca.pem"], "--port", "0")
    yield base
    stop_script(proc)


class Proxy:
    def __init__(self, url, log):
        self.url = url
        self.hostport = url[len("http://"):]
        self.log = log

    def lines(self):
        if not os.path.exists(self.log):
            return []
        with open(self.log, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def proxy(tmp_path_factory):
    log = str(tmp_path_factory.mktemp("proxy") / "proxy.log")
    proc, url = _start("proxy.py", "--log", log, "--port", "0")
    yield Proxy(url, log)
    stop_script(proc)


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch):
    for name in PROXY_VARS + ("SSL_CERT_FILE",):
        monkeypatch.delenv(name, raising=False)


# ---- settings --------------------------------------------------------------------------

def test_network_settings_are_keywords_properties_and_halchemy_keys(pki, isolated_config):
    api = halchemy.Api("http://127.0.0.1:1", ca_bundle=pki["ca.pem"], client_cert=pki["client.pem"],
                       client_key=pki["client.key"], verify=False, proxy="http://127.0.0.1:3128",
                       cookies=False)
    assert (api.ca_bundle, api.client_cert, api.client_key) == (pki["ca.pem"], pki["client.pem"],
                                                                pki["client.key"])
    assert api.verify is False and api.cookies is False and api.proxy == "http://127.0.0.1:3128"
    api.verify = True
    api.cookies = True
    api.proxy = None
    api.ca_bundle = None
    assert api.verify is True and api.cookies is True and api.proxy is None and api.ca_bundle is None
    fresh = halchemy.Api("http://127.0.0.1:1")
    assert fresh.verify is True and fresh.cookies is True and fresh.proxy is None
    with pytest.raises(TypeError):
        halchemy.Api("http://127.0.0.1:1", verify="no")
    with pytest.raises(halchemy.SchemeError):
        halchemy.Api("http://127.0.0.1:1", proxy="ftp://127.0.0.1:21")
    with pytest.raises(ValueError):
        halchemy.Api("http://127.0.0.1:1", ca_bundle=pki["ca.pem"] + ".missing")
    (isolated_config / ".halchemy").write_text(
        f"[halchemy]\nverify = false\ncookies = false\nproxy = http://127.0.0.1:3128\n"
        f"ca_bundle = {pki['ca.pem']}\n")
    configured = halchemy.Api("http://127.0.0.1:1")
    assert configured.verify is False and configured.cookies is False
    assert configured.proxy == "http://127.0.0.1:3128" and configured.ca_bundle == pki["ca.pem"]


# ---- TLS -------------------------------------------------------------------------------

def test_https_needs_the_ca(tls_base, pki, monkeypatch):
    with pytest.raises(halchemy.NetworkError, match="not verified"):
        halchemy.Api(tls_base).home.get()
    assert halchemy.Api(tls_base, ca_bundle=pki["ca.pem"]).home.get()["path"] == "/"
    with pytest.raises(halchemy.NetworkError):
        halchemy.Api(tls_base, ca_bundle=pki["other-ca.pem"]).home.get()
    monkeypatch.setenv("SSL_CERT_FILE", pki["ca.pem"])
    assert halchemy.Api(tls_base).home.get()._halchemy.response.status_code == 200


def test_client_certificate(tls_base, pki):
    api = halchemy.Api(tls_base, ca_bundle=pki["ca.pem"])
    api.error_handling.raise_for_status_codes = None
    assert api.using_endpoint("/client-cert").get()._halchemy.response.status_code == 403
    api.client_cert = pki["client.pem"]
    api.client_key = pki["client.key"]
    echo = api.using_endpoint("/client-cert").get()
    assert echo._halchemy.response.status_code == 200 and echo["client_cert"] == "halchemy-client"


def test_verify_false_works_and_warns_once(tls_base, caplog):
    api = halchemy.Api(tls_base, verify=False)
    with caplog.at_level(logging.WARNING, logger="halchemy"):
        assert api.home.get()["path"] == "/"
        api.home.get()
        api.using_endpoint("/x").get()
    warnings = [r for r in caplog.records if r.name == "halchemy" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "verif" in warnings[0].getMessage().lower()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="halchemy"):
        halchemy.Api(tls_base, verify=False).home.get()
    assert len([r for r in caplog.records if r.name == "halchemy"]) == 1  # once per Api


# ---- proxy -----------------------------------------------------------------------------

def test_proxy_setting_with_credentials(base, proxy):
    api = halchemy.Api(base, proxy=f"http://user:s3cret@{proxy.hostport}")
    before = len(proxy.lines())
    echo = api.using_endpoint("/echo/via-proxy").get()
    lines = proxy.lines()[before:]
    assert len(lines) == 1 and lines[0]["line"].startswith(f"GET {base}/echo/via-proxy ")
    assert lines[0]["proxy_authorization"] == "Basic dXNlcjpzM2NyZXQ="
    received = {k.lower(): v for k, v in echo["headers"].items()}
    assert "proxy-authorization" not in received
    assert "s3cret" not in json.dumps(echo) and "dXNlcjpzM2NyZXQ=" not in json.dumps(echo)


def test_https_through_the_proxy(tls_base, pki, proxy):
    api = halchemy.Api(tls_base, ca_bundle=pki["ca.pem"], proxy=f"http://user:s3cret@{proxy.hostport}")
    before = len(proxy.lines())
    echo = api.using_endpoint("/tunnelled").get()
    lines = proxy.lines()[before:]
    assert lines[0]["line"].startswith(f"CONNECT {tls_base[len('https://'):]} ")
    assert lines[0]["proxy_authorization"] == "Basic dXNlcjpzM2NyZXQ="
    assert "proxy-authorization" not in {k.lower() for k in echo["headers"]}


def test_proxy_from_the_environment_and_no_proxy(base, tls_base, pki, proxy, monkeypatch):
    api = halchemy.Api(base)
    before = len(proxy.lines())
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    api.using_endpoint("/echo/upper").get()
    assert len(proxy.lines()) == before  # upper-case HTTP_PROXY is ignored, as libcurl does
    monkeypatch.delenv("HTTP_PROXY")
    monkeypatch.setenv("http_proxy", proxy.url)
    api.using_endpoint("/echo/env").get()
    assert len(proxy.lines()) == before + 1
    assert proxy.lines()[-1]["line"].startswith(f"GET {base}/echo/env ")
    monkeypatch.setenv("https_proxy", proxy.url)
    halchemy.Api(tls_base, ca_bundle=pki["ca.pem"]).home.get()
    assert len(proxy.lines()) == before + 2 and proxy.lines()[-1]["line"].startswith("CONNECT ")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    api.using_endpoint("/echo/np").get()
    halchemy.Api(tls_base, ca_bundle=pki["ca.pem"]).home.get()
    halchemy.Api(base, proxy=proxy.url).using_endpoint("/echo/np-setting").get()
    assert len(proxy.lines()) == before + 2  # no_proxy applies to the setting too


# ---- cookies ---------------------------------------------------------------------------

def test_cookies_go_back_to_their_origin_only(base):
    api = halchemy.Api(base)
    api.using_endpoint("/cookies/set?session=abc&theme=dark").get()
    assert api.using_endpoint("/cookies").get()["cookie"] in ("session=abc; theme=dark",
                                                             "theme=dark; session=abc")
    other = "http://localhost:" + base.rsplit(":", 1)[1] + "/cookies"
    assert api.using_endpoint(other).get()["cookie"] is None
    jar = sorted(api.cookie_jar, key=lambda c: c["name"])
    assert [c["name"] for c in jar] == ["session", "theme"]
    first = jar[0]
    assert set(first) == {"name", "value", "domain", "path", "expires", "secure"}
    assert first["value"] == "abc" and first["domain"] == "127.0.0.1" and first["path"] == "/"
    assert first["expires"] is None and first["secure"] is False
    api.using_endpoint("/cookies/set?kept=1&max_age=3600").get()
    kept = [c for c in api.cookie_jar if c["name"] == "kept"][0]
    assert isinstance(kept["expires"], (int, float)) and kept["expires"] > time.time() + 3000
    api.clear_cookies()
    assert api.cookie_jar == [] and api.using_endpoint("/cookies").get()["cookie"] is None


def test_cookies_false_keeps_none(base):
    api = halchemy.Api(base, cookies=False)
    api.using_endpoint("/cookies/set?session=abc").get()
    assert api.cookie_jar == [] and api.using_endpoint("/cookies").get()["cookie"] is None


# ---- Ctrl-C, timeouts, close ------------------------------------------------------------

def _interrupt_after(delay):
    sent = {}

    def fire():
        sent["at"] = time.monotonic()
        os.kill(os.getpid(), signal.SIGINT)
    timer = threading.Timer(delay, fire)
    timer.start()
    return sent, timer


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals reach the main thread only")
def test_ctrl_c_stops_a_stalled_transfer_and_the_api_keeps_working(api, still_works):
    api.home.get()  # a kept-alive connection, as in a notebook
    sent, timer = _interrupt_after(0.3)
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        api.using_endpoint("/slow/30").get()
    raised = time.monotonic()
    timer.join()
    assert raised - sent["at"] < 0.2, f"KeyboardInterrupt {raised - sent['at']:.3f} s after SIGINT"
    assert raised - start < 2
    still_works(api)
    # a later hop of a redirect is interrupted too
    sent, timer = _interrupt_after(0.3)
    with pytest.raises(KeyboardInterrupt):
        api.using_endpoint("/redirect?to=/slow/30").get()
    assert time.monotonic() - sent["at"] < 0.2
    timer.join()
    still_works(api)


def test_requests_on_other_threads_run_unchecked(api):
    out = []
    t = threading.Thread(target=lambda: out.append(api.using_endpoint("/echo/thread").get()))
    t.start()
    t.join()
    assert out[0]["path"] == "/echo/thread"


def test_with_timeout_beats_the_api_timeout(base):
    api = halchemy.Api(base, timeout=30)
    start = time.monotonic()
    with pytest.raises(halchemy.TimeoutError):
        api.using_endpoint("/slow/30").with_timeout(0.2).get()
    assert time.monotonic() - start < 2
    short = halchemy.Api(base, timeout=0.2)
    assert short.using_endpoint("/slow/0.5").with_timeout(None).get()._halchemy.response.status_code == 200
    assert short.using_endpoint("/slow/0.5").with_timeout(2.5).get()._halchemy.response.status_code == 200
    with pytest.raises(halchemy.TimeoutError):
        short.using_endpoint("/slow/5").get()  # the Api's timeout when with_timeout is not called
    with pytest.raises(TypeError):
        api.home.with_timeout("1")
    for bad in (-1, -0.001, float("nan"), float("inf")):  # the core's rule, as in Node
        with pytest.raises(halchemy.InvalidValueError, match="timeout must be a finite number of seconds >= 0"):
            api.home.with_timeout(bad).get()


def test_close_and_with(base):
    with halchemy.Api(base) as api:
        assert api.home.get()._halchemy.response.status_code == 200
        assert api.closed is False
    assert api.closed is True
    with pytest.raises(halchemy.HalchemyError) as info:
        api.home.get()
    assert info.value.code == "closed"
    api.close()  # idempotent
    assert api.base_url == base and api.cookie_jar == []
    other = halchemy.Api(base)
    other.close()
    with pytest.raises(halchemy.HalchemyError, match="closed"):
        other.using_endpoint("/echo").post({"a": 1})


# ---- history, tracing, redaction ----------------------------------------------------------

def test_history_lists_the_redirect_hops(api, base):
    first = "/redirect?to=" + "/redirect%3Fto%3D/echo/end%26code%3D301"
    echo = api.using_endpoint(first).get()
    hops = echo._halchemy.history
    assert [(h.method, h.status_code) for h in hops] == [("GET", 302), ("GET", 301)]
    assert hops[0].url == base + first and hops[1].url == base + "/redirect?to=/echo/end&code=301"
    assert hops[0].reason == "Found" and hops[0].status == 302
    assert echo._halchemy.request.url == base + "/echo/end"
    assert api.home.get()._halchemy.history == []


def test_tracing_at_debug_without_credentials(base, caplog):
    api = halchemy.Api(base, headers={"Authorization": "Bearer top-secret"})
    with caplog.at_level(logging.INFO, logger="halchemy"):
        api.home.get()
    assert not [r for r in caplog.records if r.name == "halchemy"]
    with caplog.at_level(logging.DEBUG, logger="halchemy"):
        api.using_endpoint("/redirect?to=/echo/traced").with_headers({"Cookie": "sid=cookie-secret"}).get()
        with pytest.raises(halchemy.NetworkError):
            halchemy.Api("http://user:pw-secret@127.0.0.1:1").home.get()
    lines = [r.getMessage() for r in caplog.records if r.name == "halchemy"]
    assert len(lines) == 3, lines
    assert lines[0].startswith(f"GET {base}/redirect?to=/echo/traced -> 302 Found (")
    assert lines[1].startswith(f"GET {base}/echo/traced -> 200 OK (") and lines[1].endswith(" ms)")
    assert lines[2].startswith("GET http://user:***@127.0.0.1:1/ -> no response")
    text = "\n".join(lines)
    for secret in ("top-secret", "cookie-secret", "pw-secret"):
        assert secret not in text


def test_repr_never_shows_credentials(base, proxy):
    api = halchemy.Api(base.replace("http://", "http://user:pw-secret@"),
                       headers={"Authorization": "Bearer top-secret", "Cookie": "sid=cookie-secret"},
                       proxy=f"http://puser:proxy-secret@{proxy.hostport}")
    hal = api.using_endpoint("/hal").with_headers({"Proxy-Authorization": "Basic p-secret"}).get()
    meta = hal._halchemy
    texts = [repr(api), repr(hal), repr(meta), repr(meta.request), repr(meta.response)]
    for text in texts:
        for secret in ("pw-secret", "top-secret", "cookie-secret", "proxy-secret", "p-secret"):
            assert secret not in text, text
    assert "user:***@" in repr(api) and "puser:***@" in repr(api)
    assert "GET" in repr(hal) and "/hal" in repr(hal) and "200" in repr(hal)
    assert "[redacted]" in repr(meta.request) and "'Accept'" in repr(meta.request)
    assert str(hal) == repr(dict(hal))  # print() shows the fields
    # a response's Set-Cookie is the next request's Cookie: hidden alike, still readable
    set_meta = api.using_endpoint("/cookies/set?sid=jar-secret").get()._halchemy
    assert set_meta.response.headers["Set-Cookie"] == "sid=jar-secret; Path=/"
    assert "[redacted]" in repr(set_meta.response)
    for text in (repr(set_meta), repr(set_meta.response)):  # (the URL has the query)
        assert "jar-secret; Path" not in text, text
