"""The customers API of the seed (home, /customers, /customers/{id}) with ETags,
428 for a change without If-Match and 412 plus the current representation for a stale
one. Shared by the demo server (examples/server/server.py) and the test server
(tests/server/server.py), which adds its test endpoints on top."""
import argparse
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HAL = "application/hal+json"
SEED = {"A375": {"givenName": "Pat", "familyName": "Smith"},
        "B200": {"givenName": "Lee", "familyName": "Jones"}}


class Store:
    """Customers with a version each; one lock makes every change atomic."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        """Back to the seed data; callers other than __init__ hold self.lock."""
        self.counter = getattr(self, "counter", 0)
        self.customers = {}
        for cid, fields in SEED.items():
            self.customers[cid] = self._versioned(dict(fields, membershipId=cid))

    def _versioned(self, fields):
        self.counter += 1
        fields["_etag"] = f"v{self.counter}"
        return fields


def representation(customer):
    cid = customer["membershipId"]
    body = {k: v for k, v in customer.items()}
    body["_links"] = {"self": {"href": f"/customers/{cid}"},
                      "cancel": {"href": f"/customers/{cid}/cancel"}}
    return body


def home():
    return {"_links": {"self": {"href": "/"}, "customers": {"href": "/customers"},
                       "customer": {"href": "/customers/{membershipId}", "templated": True}}}


def etag_matches(if_match, current):
    for tag in (t.strip() for t in if_match.split(",")):
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag.strip('"') == current:
            return True
    return False


class CustomersHandler(BaseHTTPRequestHandler):
    """Serves the customers API; subclasses add routes by overriding `route`."""

    protocol_version = "HTTP/1.1"
    server_version = "halchemy-example/1.0"
    # Headers and body go out in separate writes; with Nagle on, each keep-alive response
    # would wait for the client's delayed ACK (about 40 ms).
    disable_nagle_algorithm = True
    store = None  # set by make_server
    verbose = False

    def log_message(self, fmt, *args):
        if self.verbose:
            super().log_message(fmt, *args)

    # ---- plumbing ----
    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send(self, status, body=None, headers=None, content_type=HAL, reason=None):
        data = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        self.send_response(status, reason)
        if body is not None:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD" and data:
            self.wfile.write(data)

    def handle_any(self):
        self.body = self.read_body()
        parts = urlsplit(self.path)
        self.route_path, self.query = parts.path, parts.query
        try:
            if not self.route(self.command, self.route_path):
                self.send(404, {"error": f"no resource at {self.route_path}"})
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

    def do_OPTIONS(self):
        self.read_body()
        self.send(204, headers={"Allow": "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE"})

    # ---- the customers API ----
    def route(self, method, path):
        if path == "/" and method in ("GET", "HEAD"):
            self.send(200, home())
        elif path == "/reset" and method == "POST":
            with self.store.lock:
                self.store.reset()
            self.send(204)
        elif path == "/customers":
            self.customers_collection(method)
        elif path.startswith("/customers/"):
            rest = path[len("/customers/"):].split("/")
            if len(rest) == 1:
                self.customer(method, rest[0])
            elif len(rest) == 2 and rest[1] == "cancel":
                self.send(200, {"cancelled": True, "ifMatch": self.headers.get("If-Match"),
                                "_links": {"self": {"href": path}}})
            else:
                return False
        else:
            return False
        return True

    def customers_collection(self, method):
        if method == "POST":
            try:
                fields = json.loads(self.body or b"{}")
                cid = str(fields["membershipId"])
            except (ValueError, KeyError, TypeError):
                self.send(400, {"error": "a JSON body with membershipId is needed"})
                return
            with self.store.lock:
                customer = self.store._versioned(dict(fields))
                self.store.customers[cid] = customer
                body = representation(customer)
            self.send(201, body, {"Location": f"/customers/{cid}", "ETag": f'"{customer["_etag"]}"'})
            return
        with self.store.lock:
            items = [representation(c) for c in self.store.customers.values()]
        self.send(200, {"_links": {"self": {"href": "/customers"},
                                   "item": {"href": "/customers/{membershipId}", "templated": True}},
                        "_embedded": {"customers": items}, "_items": items,
                        "_meta": {"total": len(items)}})

    def customer(self, method, cid):
        with self.store.lock:
            current = self.store.customers.get(cid)
            if current is None:
                self.send(404, {"error": f"no customer {cid}"})
                return
            if method in ("GET", "HEAD"):
                self.send(200, representation(current), {"ETag": f'"{current["_etag"]}"'})
                return
            if_match = self.headers.get("If-Match")
            if not if_match:
                self.send(428, {"error": "this change needs an If-Match header"})
                return
            if not etag_matches(if_match, current["_etag"]):
                self.send(412, representation(current), {"ETag": f'"{current["_etag"]}"'})
                return
            if method == "DELETE":
                del self.store.customers[cid]
                self.send(204)
                return
            try:
                fields = json.loads(self.body or b"{}")
                assert isinstance(fields, dict)
            except (ValueError, AssertionError):
                self.send(400, {"error": "the body must be a JSON object"})
                return
            fields = {k: v for k, v in fields.items() if not k.startswith("_")}
            if method == "PUT":
                updated = dict(fields, membershipId=cid)
            else:
                updated = dict(current, **fields)
            updated = self.store._versioned(updated)
            self.store.customers[cid] = updated
            self.send(200, representation(updated), {"ETag": f'"{updated["_etag"]}"'})


class QuietServer(ThreadingHTTPServer):
    """Many clients at once (a deep listen queue), and no tracebacks when a client goes
    away mid-request, which the tests do on purpose."""

    daemon_threads = True
    request_queue_size = 512

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def serve(handler_class, default_port):
    """Runs a server from the command line: --host, --port (0 = any), --verbose.
    The first line on stdout is the base URL."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=default_port)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    handler_class.store = Store()
    handler_class.verbose = args.verbose
    server = QuietServer((args.host, args.port), handler_class)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
