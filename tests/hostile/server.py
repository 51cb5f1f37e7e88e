"""A hostile HTTP server for tests/hostile (issue 10): raw sockets on 127.0.0.1, one thread
per connection, standard library only. `python3 tests/hostile/server.py [--port 0]` prints
its base URL as its first stdout line (as tests/server does) and serves until killed.

- `GET /ok`: a normal 200 HAL JSON reply, keep-alive (the "the Api still works" check).
- `ANY /case/<name>[/<arg>]`: the case <name> of CASES below: replies that are not HTTP,
  truncations, resets, stalls, header floods, 1xx floods, compression bombs, odd header
  bytes, slow redirect chains. tests/hostile/cases.json says what a client must make of
  each.
- `GET /count/<name>`: JSON {"name": <name>, "count": <requests seen for /case/<name>>},
  to prove that a request refused by the client was never sent.

A stalled connection is held open (nothing more sent) until the client closes it or
STALL_MAX seconds pass. A reset is a close with SO_LINGER 0, so the client gets an RST."""
import argparse
import gzip
import json
import signal
import socket
import struct
import sys
import threading
import time
import zlib

STALL_MAX = 15.0
MAX_REQUEST_HEAD = 8 * 1024 * 1024
OK_BODY = json.dumps({"ok": True, "_links": {"self": {"href": "/ok"}}}).encode()

_counts = {}
_counts_lock = threading.Lock()


class Closed(Exception):
    """The client went away."""


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def read_request(self):
        """(method, target, headers dict lower-cased, body) or None at a clean EOF."""
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > MAX_REQUEST_HEAD:
                raise Closed()
            chunk = self.sock.recv(65536)
            if not chunk:
                if self.buf:
                    raise Closed()
                return None
            self.buf += chunk
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, target = lines[0].split(" ")[:2]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        while len(self.buf) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Closed()
            self.buf += chunk
        body, self.buf = self.buf[:length], self.buf[length:]
        return method, target, headers, body

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError as e:
            raise Closed() from e

    def reset(self):
        """Close with an RST instead of a FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()
        raise Closed()

    def stall(self):
        """Send nothing more; hold the socket until the client closes it."""
        self.sock.settimeout(0.1)
        end = time.monotonic() + STALL_MAX
        while time.monotonic() < end:
            try:
                if not self.sock.recv(65536):
                    break
            except socket.timeout:
                continue
            except OSError:
                break
        raise Closed()

    def close(self):
        """Half-close for writing first so the client sees a FIN after all sent bytes."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(1.0)
            while self.sock.recv(65536):
                pass
        except OSError:
            pass
        raise Closed()


def reply(status_line, headers=(), body=b"", length=True):
    """A response's bytes: status line, headers (name, value) as given, body."""
    out = [status_line.encode("latin-1") if isinstance(status_line, str) else status_line]
    for name, value in headers:
        value = value.encode("latin-1") if isinstance(value, str) else value
        out.append(name.encode() + b": " + value)
    if length:
        out.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(out) + b"\r\n\r\n" + body


def ok_reply(extra=()):
    return reply("HTTP/1.1 200 OK", [("Content-Type", "application/hal+json"), *extra], OK_BODY)


HAL = [("Content-Type", "application/hal+json")]

# ---- the cases: each takes (conn, method, arg) and ends by raising Closed (close, reset,
# stall) or by returning (then the connection stays open for another request). -----------

CASES = {}


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


# Replies that are not HTTP.
@case("garbage")
def _garbage(c, method, arg):
    c.send(b"garbage\r\n\r\n")
    c.close()


@case("http09")
def _http09(c, method, arg):
    c.send(OK_BODY)  # a body with no status line: an HTTP/0.9 reply
    c.close()


@case("binary")
def _binary(c, method, arg):
    c.send(bytes(range(256)) * 4)
    c.close()


@case("status-not-number")
def _status_abc(c, method, arg):
    c.send(reply("HTTP/1.1 abc OK", HAL, OK_BODY))
    c.close()


@case("status-two-digits")
def _status_two(c, method, arg):
    c.send(reply("HTTP/1.1 20 OK", HAL, OK_BODY))
    c.close()


@case("status-099")
def _status_099(c, method, arg):
    c.send(reply("HTTP/1.1 099 Low", HAL, OK_BODY))
    c.close()


@case("status-600")
def _status_600(c, method, arg):
    c.send(reply("HTTP/1.1 600 Beyond", HAL, OK_BODY))
    c.close()


@case("status-999")
def _status_999(c, method, arg):
    c.send(reply("HTTP/1.1 999 Weird", HAL, OK_BODY))
    c.close()


@case("status-line-huge")
def _status_huge(c, method, arg):
    c.send(b"HTTP/1.1 200 " + b"x" * (1024 * 1024) + b"\r\n" + b"Content-Length: 0\r\n\r\n")
    c.close()


@case("empty-reply")
def _empty(c, method, arg):
    c.close()


# Truncated replies: closed before the end of the headers or of the body.
@case("header-no-crlf-close")
def _no_crlf(c, method, arg):
    c.send(b"HTTP/1.1 200 OK\r\nX-A: b")
    c.close()


@case("close-after-status")
def _close_status(c, method, arg):
    c.send(b"HTTP/1.1 200 OK\r\n")
    c.close()


@case("close-mid-headers")
def _close_headers(c, method, arg):
    c.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/hal+json\r\nContent-Length: 2\r\n")
    c.close()


@case("close-mid-body")
def _close_body(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Content-Length", "1000")], b'{"partial"', length=False))
    c.close()


@case("chunked-cut")
def _chunked_cut(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Transfer-Encoding", "chunked")],
                 b'10\r\n{"partial": tru', length=False))
    c.close()


@case("chunked-bad-size")
def _chunked_bad(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Transfer-Encoding", "chunked")],
                 b"zz\r\n{}\r\n0\r\n\r\n", length=False))
    c.close()


@case("content-length-invalid")
def _cl_invalid(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Content-Length", "abc")], OK_BODY, length=False))
    c.close()


@case("content-length-huge")
def _cl_huge(c, method, arg):
    # Declares 10 GB; the client's max_body must refuse it before reading the body.
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Content-Length", "10000000000")], b"{}", length=False))
    c.stall()


@case("excess-after-body")
def _excess(c, method, arg):
    # Content-Length 2, then a whole second response on the same keep-alive connection: a
    # client that reuses the connection must not take it as the answer to its next request.
    smuggled = reply("HTTP/1.1 200 OK", HAL, json.dumps({"smuggled": True}).encode())
    c.send(reply("HTTP/1.1 200 OK", HAL, b"{}") + smuggled)


@case("body-endless")
def _endless(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", [("Content-Type", "application/json"), ("Connection", "close")],
                 b"", length=False))
    block = b"x" * 65536
    end = time.monotonic() + STALL_MAX
    while time.monotonic() < end:
        c.send(block)
    c.close()


@case("drop-next-request")
def _drop_next(c, method, arg):
    # A normal keep-alive reply; the client's next request on this connection is read and
    # never answered (the connection is closed), as a server closing an idle connection
    # does. A client retries that request on a new connection, however often it happens.
    c.send(ok_reply())
    c.read_request()
    c.close()


# Resets (RST) at each stage.
@case("reset-before-reply")
def _reset0(c, method, arg):
    c.reset()


@case("reset-after-status")
def _reset1(c, method, arg):
    c.send(b"HTTP/1.1 200 OK\r\n")
    time.sleep(0.05)
    c.reset()


@case("reset-mid-headers")
def _reset2(c, method, arg):
    c.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/hal+json\r\nX-Partial: ye")
    time.sleep(0.05)
    c.reset()


@case("reset-mid-body")
def _reset3(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Content-Length", "1000")], b'{"partial"', length=False))
    time.sleep(0.05)
    c.reset()


# Stalls (nothing more sent, socket kept open) at each stage.
@case("stall-before-reply")
def _stall0(c, method, arg):
    c.stall()


@case("stall-after-status")
def _stall1(c, method, arg):
    c.send(b"HTTP/1.1 200 OK\r\n")
    c.stall()


@case("stall-mid-headers")
def _stall2(c, method, arg):
    c.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/hal+json\r\nX-Partial: ye")
    c.stall()


@case("stall-mid-body")
def _stall3(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Content-Length", "1000")], b'{"partial"', length=False))
    c.stall()


@case("stall-mid-chunk")
def _stall4(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Transfer-Encoding", "chunked")], b"10\r\n{\"par",
                 length=False))
    c.stall()


@case("drip-headers")
def _drip(c, method, arg):
    # One header byte every 50 ms, forever: every single read is quick, the call is not.
    c.send(b"HTTP/1.1 200 OK\r\nX-Drip: ")
    end = time.monotonic() + STALL_MAX
    while time.monotonic() < end:
        c.send(b"a")
        time.sleep(0.05)
    c.close()


# Header floods.
@case("header-line-1mib")
def _line_1mib(c, method, arg):
    c.send(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (1024 * 1024) + b"\r\nContent-Length: 0\r\n\r\n")
    c.close()


@case("headers-10000")
def _headers_10000(c, method, arg):
    lines = b"".join(b"X-H%05d: %s\r\n" % (i, b"v" * 20) for i in range(10000))  # ~340 KB
    c.send(b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Length: 0\r\n\r\n")
    c.close()


@case("headers-5000")
def _headers_5000(c, method, arg):
    # ~170 KB of headers: below the 256 KiB limit, so the reply is a normal 200.
    extra = [("X-H%05d" % i, "v%05d" % i + "-" * 20) for i in range(5000)]
    c.send(reply("HTTP/1.1 200 OK", HAL + extra, OK_BODY))
    c.close()


@case("set-cookie-many")
def _cookies(c, method, arg):
    extra = [("Set-Cookie", "c%04d=%s; Path=/" % (i, "v" * 40)) for i in range(2000)]  # ~110 KB
    c.send(reply("HTTP/1.1 200 OK", HAL + extra, OK_BODY))
    c.close()


# 1xx floods.
@case("informational-flood")
def _1xx_flood(c, method, arg):
    interim = (b"HTTP/1.1 100 Continue\r\n\r\n" * 2000 +
               b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" * 500)
    c.send(interim + ok_reply())
    c.close()


@case("informational-endless")
def _1xx_endless(c, method, arg):
    block = b"HTTP/1.1 100 Continue\r\n\r\n" * 1000
    end = time.monotonic() + STALL_MAX
    while time.monotonic() < end:
        c.send(block)
    c.close()


# Compression bombs: tens of MiB of zeros in a few tens of KiB.
def _bomb(kind):
    zeros = bytes(32 * 1024 * 1024)
    if kind == "gzip":
        return gzip.compress(zeros, compresslevel=9)
    return zlib.compress(zeros, 9)


_BOMBS = {}
_bombs_lock = threading.Lock()


def bomb(kind):
    with _bombs_lock:
        if kind not in _BOMBS:
            _BOMBS[kind] = _bomb(kind)
        return _BOMBS[kind]


@case("gzip-bomb")
def _gzip_bomb(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", [("Content-Type", "application/json"),
                                     ("Content-Encoding", "gzip")], bomb("gzip")))
    c.close()


@case("deflate-bomb")
def _deflate_bomb(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", [("Content-Type", "application/json"),
                                     ("Content-Encoding", "deflate")], bomb("deflate")))
    c.close()


@case("gzip-garbage")
def _gzip_garbage(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Content-Encoding", "gzip")], b"this is not gzip"))
    c.close()


@case("gzip-ok")
def _gzip_ok(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("Content-Encoding", "gzip")], gzip.compress(OK_BODY)))
    c.close()


# Header bytes (SPEC §9): UTF-8 when the whole value is valid UTF-8, else ISO-8859-1.
@case("header-latin1")
def _latin1(c, method, arg):
    c.send(reply(b"HTTP/1.1 200 Gr\xfc\xdfe", HAL + [("X-Latin", b"caf\xe9"), ("X-FF", b"a\xffb")],
                 OK_BODY))
    c.close()


@case("header-utf8")
def _utf8(c, method, arg):
    c.send(reply(b"HTTP/1.1 200 Caf\xc3\xa9", HAL + [("X-Utf8", b"caf\xc3\xa9 \xe2\x82\xac")],
                 OK_BODY))
    c.close()


@case("header-mixed")
def _mixed(c, method, arg):
    # Valid UTF-8 (é) then an invalid byte: the value as a whole is not UTF-8, so every
    # byte is ISO-8859-1. Also a truncated sequence, an overlong form and a surrogate.
    c.send(reply(b"HTTP/1.1 200 \xc3\xa9\xff", HAL + [("X-Mixed", b"\xc3\xa9\xff"),
                                                      ("X-Cut", b"ab\xe2\x82"),
                                                      ("X-Overlong", b"\xc0\xaf"),
                                                      ("X-Surrogate", b"\xed\xa0\x80")],
                 OK_BODY))
    c.close()


@case("reason-empty")
def _reason_empty(c, method, arg):
    c.send(reply("HTTP/1.1 200 ", HAL, OK_BODY))
    c.close()


@case("reason-missing")
def _reason_missing(c, method, arg):
    c.send(reply("HTTP/1.1 200", HAL, OK_BODY))
    c.close()


@case("header-nul")
def _nul(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("X-Nul", b"a\x00b")], OK_BODY))
    c.close()


@case("header-no-colon")
def _no_colon(c, method, arg):
    c.send(reply("HTTP/1.1 200 OK", HAL + [("X-Good", "yes")], OK_BODY).replace(
        b"X-Good: yes\r\n", b"X-Good: yes\r\nthis line has no colon\r\n"))
    c.close()


# Redirects.
@case("redirect-slow")
def _redirect_slow(c, method, arg):
    # /case/redirect-slow/<n>: waits 0.8 s, then redirects to n-1; 0 answers 200.
    n = int(arg or "0")
    time.sleep(0.8)
    if n <= 0:
        c.send(ok_reply([("Connection", "close")]))
    else:
        c.send(reply("HTTP/1.1 302 Found", [("Location", "/case/redirect-slow/%d" % (n - 1)),
                                            ("Connection", "close")]))
    c.close()


@case("redirect-loop")
def _redirect_loop(c, method, arg):
    c.send(reply("HTTP/1.1 302 Found", [("Location", "/case/redirect-loop")]))


@case("redirect-to-file")
def _redirect_file(c, method, arg):
    c.send(reply("HTTP/1.1 302 Found", [("Location", "file:///etc/passwd")]))


# A request the client must refuse before sending (a 1 MiB request header): if it arrives
# anyway it is answered normally, and /count/request-header-huge says so.
@case("request-header-huge")
def _request_huge(c, method, arg):
    c.send(ok_reply())


# ---- serving ------------------------------------------------------------------------------

def handle(sock):
    c = Conn(sock)
    try:
        while True:
            req = c.read_request()
            if req is None:
                break
            method, target, _headers, _body = req
            path = target.split("?", 1)[0]
            parts = path.strip("/").split("/")
            if path == "/ok":
                c.send(ok_reply())
            elif parts[0] == "count" and len(parts) == 2:
                with _counts_lock:
                    n = _counts.get(parts[1], 0)
                body = json.dumps({"name": parts[1], "count": n}).encode()
                c.send(reply("HTTP/1.1 200 OK", [("Content-Type", "application/json")], body))
            elif parts[0] == "case" and len(parts) >= 2 and parts[1] in CASES:
                with _counts_lock:
                    _counts[parts[1]] = _counts.get(parts[1], 0) + 1
                CASES[parts[1]](c, method, parts[2] if len(parts) > 2 else None)
            else:
                c.send(reply("HTTP/1.1 404 Not Found", [("Content-Type", "text/plain")], b"no such case"))
    except (Closed, OSError, ValueError):
        pass
    finally:
        try:
            sock.close()
        except OSError:
            pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((args.host, args.port))
    srv.listen(128)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"http://{args.host}:{srv.getsockname()[1]}", flush=True)
    try:
        while True:
            sock, _ = srv.accept()
            threading.Thread(target=handle, args=(sock,), daemon=True).start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        srv.close()


if __name__ == "__main__":
    main()
