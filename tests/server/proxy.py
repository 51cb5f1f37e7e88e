"""A forward proxy on loopback for the proxy tests of SPEC §13 (Python 3 stdlib, threads).

    python3 tests/server/proxy.py --log FILE [--port 0]

Prints its URL (http://127.0.0.1:<port>) as its first stdout line, then serves until
killed. CONNECT host:port opens a tunnel (HTTPS origins); any other request, in absolute
form (http://host:port/path), is sent on to the origin in origin form with
Proxy-Authorization and Proxy-Connection removed (as a proxy must: they are for the proxy
alone) and `Connection: close`, and the origin's reply is relayed until it closes. Each
request appends one JSON line to FILE: {"line": the request line, "proxy_authorization":
the Proxy-Authorization header seen or null}. Only loopback origins are reached."""
import argparse
import json
import socket
import socketserver
import threading
from urllib.parse import urlsplit

from serving import serve_until_stopped  # tests/server/serving.py, beside this file

LOG_LOCK = threading.Lock()


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class Handler(socketserver.StreamRequestHandler):
    def log(self, line, auth):
        with LOG_LOCK, open(self.server.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"line": line, "proxy_authorization": auth}) + "\n")

    def handle(self):
        while True:
            request_line = self.rfile.readline(65537).decode("latin-1").rstrip("\r\n")
            if not request_line:
                return
            headers = []
            while True:
                h = self.rfile.readline(65537).decode("latin-1")
                if h in ("\r\n", "\n", ""):
                    break
                name, _, value = h.partition(":")
                headers.append((name.strip(), value.strip()))
            auth = next((v for n, v in headers if n.lower() == "proxy-authorization"), None)
            self.log(request_line, auth)
            method, target, _version = request_line.split(" ", 2)
            if method == "CONNECT":
                host, _, port = target.rpartition(":")
                self.tunnel(host.strip("[]"), int(port))
                return
            if not self.forward(method, target, headers):
                return

    def tunnel(self, host, port):
        try:
            upstream = socket.create_connection((host, port), timeout=10)
        except OSError:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        upstream.settimeout(None)
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        t = threading.Thread(target=pipe, args=(upstream, self.connection), daemon=True)
        t.start()
        # what the client had already sent past the CONNECT head (normally nothing)
        pending = self.rfile.peek(0) if hasattr(self.rfile, "peek") else b""
        if pending:
            upstream.sendall(self.rfile.read(len(pending)))
        pipe(self.connection, upstream)
        t.join()
        upstream.close()

    def forward(self, method, target, headers):
        parts = urlsplit(target)
        if parts.scheme != "http" or not parts.hostname:
            self.wfile.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            return False
        length = 0
        out = [f"{method} {parts.path or '/'}{'?' + parts.query if parts.query else ''} HTTP/1.1"]
        for name, value in headers:
            if name.lower() in ("proxy-authorization", "proxy-connection", "connection",
                                "keep-alive"):
                continue
            if name.lower() == "content-length":
                length = int(value)
            out.append(f"{name}: {value}")
        out.append("Connection: close")
        body = self.rfile.read(length) if length else b""
        try:
            upstream = socket.create_connection((parts.hostname, parts.port or 80), timeout=10)
        except OSError:
            self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return False
        upstream.sendall(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
        pipe(upstream, self.connection)  # the reply, until the origin closes
        upstream.close()
        return False  # the client's connection closes with it


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    server = Server((args.host, args.port), Handler)
    server.log_path = args.log
    serve_until_stopped(server, f"http://{args.host}:{server.server_address[1]}")


if __name__ == "__main__":
    main()
