"""The local HAL server every HTTP test talks to (C, pytest, node:test), as CONTRACT.md
describes: the customers API of examples/server plus echo, chosen status codes, slow,
broken and hostile responses. python3 tests/server/server.py --port 0 prints its URL."""
import json
import os
import sys
import time
from urllib.parse import parse_qs

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples", "server"))
from customers import CustomersHandler, serve  # noqa: E402


def hal(path, **fields):
    return dict(fields, _links={"self": {"href": path}})


HAL_SAMPLE = {
    "_links": {
        "self": {"href": "/hal"},
        "related": [{"href": "/echo/one", "name": "one"}, {"href": "/echo/two", "name": "two"}],
        "search": {"href": "/echo/search{?q}", "templated": True},
    },
    "_embedded": {"owner": hal("/owner", name="Pat"),
                  "items": [hal("/items/1", n=1), hal("/items/2", n=2)]},
    "_items": [hal("/items/1", n=1), hal("/items/2", n=2)],
    "bad_items": [hal("/items/1"), "not a resource"],
    "notalist": "just a string",
}

HOSTILE = {"_links": {"self": {"href": "/hostile"},
                      "file": {"href": "file:///etc/passwd"},
                      "gopher": {"href": "gopher://127.0.0.1/x"},
                      "ftp": {"href": "ftp://127.0.0.1/"},
                      "badtemplate": {"href": "/x/{unclosed", "templated": True}}}


class TestHandler(CustomersHandler):
    server_version = "halchemy-test/1.0"

    def route(self, method, path):
        if super().route(method, path):
            return True
        query = {k: v[-1] for k, v in parse_qs(self.query, keep_blank_values=True).items()}
        if path == "/echo" or path.startswith("/echo/"):
            self.echo(method, path, query)
        elif path.startswith("/status/"):
            code = int(path.split("/")[2])
            body = None if code < 200 or code in (204, 304) else {"status": code}
            self.send(code, body, reason=query.get("reason"))
        elif path.startswith("/slow/"):
            time.sleep(min(float(path.split("/")[2]), 30.0))
            self.send(200, hal(path, slow=True))
        elif path == "/close-mid-body":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"partial"')
            self.wfile.flush()
            self.close_connection = True
        elif path.startswith("/big/"):
            self.big(min(int(path.split("/")[2]), 512 * 1024 * 1024))
        elif path == "/text":
            self.send(200, b"hello", content_type="text/plain")
        elif path == "/list":
            self.send(200, [1, 2, 3], content_type="application/json")
        elif path == "/empty":
            self.send(200, b"", content_type="text/plain")
        elif path == "/binary":
            self.send(200, bytes(range(256)), content_type="application/octet-stream")
        elif path == "/malformed":
            self.send(200, b'{"a": ', content_type="application/json")
        elif path == "/not-hal":
            self.send(200, {"name": "no links here"}, content_type="application/json")
        elif path == "/hal":
            self.send(200, HAL_SAMPLE)
        elif path == "/hostile":
            self.send(200, HOSTILE)
        elif path == "/redirect":
            self.send(int(query.get("code", 302)), {"redirect": True},
                      {"Location": query.get("to", "/")})
        elif path == "/reply":
            self.reply(query)
        elif path == "/cookies/set":
            self.set_cookies(query)
        elif path == "/cookies":
            self.send(200, {"cookie": self.headers.get("Cookie")})
        elif path == "/headers-only-etag":
            self.send(200, {"_etag": "from-field", "_links": {"self": {"href": "/echo/etag-target"}}},
                      {"ETag": '"from-header"'})
        else:
            return False
        return True

    def echo(self, method, path, query):
        headers = {}
        for name, value in self.headers.items():
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        full = path + ("?" + self.query if self.query else "")
        body = {"method": method, "path": path, "query": self.query, "headers": headers,
                "body": self.body.decode("utf-8", "replace"),
                "_links": {"self": {"href": full}}}
        if "field" in query:
            body["_etag"] = query["field"]
        extra = {"ETag": query["etag"]} if "etag" in query else None
        self.send(200, body, extra)

    def set_cookies(self, query):
        """SPEC §13: each query pair `name=value` becomes a Set-Cookie (Path=/), except
        `max_age=N`, which gives every cookie of the response Max-Age=N."""
        max_age = query.pop("max_age", None)
        self.send_response(200)
        for name, value in query.items():
            attrs = "; Path=/" + (f"; Max-Age={max_age}" if max_age is not None else "")
            self.send_header("Set-Cookie", f"{name}={value}{attrs}")
        body = json.dumps({"set": sorted(query)}).encode()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def reply(self, query):
        """200 with the body bytes given in hex (`hex`), or as UTF-8 text (`text`), or the
        request body itself; Content-Type `type` when given, else none at all."""
        if "hex" in query:
            body = bytes.fromhex(query["hex"])
        elif "text" in query:
            body = query["text"].encode("utf-8")
        elif "nest" in query:  # tests/vectors/json_bodies.json's generator, for deep bodies
            n = json.loads(query["nest"])
            count = min(int(n["count"]), 1_000_000)
            body = (n.get("prefix", "") + n["open"] * count + n.get("inner", "")
                    + n.get("close", "") * count + n.get("suffix", "")).encode("utf-8")
        else:
            body = self.body
        self.send_response(200)
        if "type" in query:
            self.send_header("Content-Type", query["type"])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def big(self, size):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        payload = b'"' + b"x" * max(size - 2, 0) + b'"'
        try:
            for i in range(0, len(payload), 65536):
                chunk = payload[i:i + 65536]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


if __name__ == "__main__":
    serve(TestHandler, 0)
