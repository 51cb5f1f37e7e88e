"""An HTTPS server for the TLS tests of SPEC §13 (Python 3 stdlib only).

    python3 tests/server/tls_server.py --cert server.pem --key server.key --ca ca.pem [--port 0]

Prints its base URL (https://127.0.0.1:<port>) as its first stdout line, then serves until
killed. Every path answers 200 JSON {"path", "headers", "client_cert"} (the request's
headers as received; client_cert: the subject CN of the client's certificate or null),
except `/client-cert`, which answers 403 unless the client presented a certificate signed
by --ca. The client certificate is asked for on every handshake (CERT_OPTIONAL)."""
import argparse
import json
import ssl
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from serving import serve_until_stopped  # tests/server/serving.py, beside this file


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        peer = self.connection.getpeercert()
        cn = None
        for rdn in (peer or {}).get("subject", ()):
            for key, value in rdn:
                if key == "commonName":
                    cn = value
        path = self.path.split("?")[0]
        status = 403 if path == "/client-cert" and cn is None else 200
        body = json.dumps({"path": path, "headers": dict(self.headers.items()),
                           "client_cert": cn}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a refused handshake is what several tests are about: no traceback


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    ctx.load_verify_locations(args.ca)
    ctx.verify_mode = ssl.CERT_OPTIONAL
    server = Server((args.host, args.port), Handler)
    # The handshake runs in the handler's thread (not in accept), so one client that fails
    # it cannot stall the others.
    server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    serve_until_stopped(server, f"https://{args.host}:{server.server_address[1]}")


if __name__ == "__main__":
    main()
