"""A plain-HTTP reverse proxy on loopback that passes every request on to TARGET and writes down what the client
sent, so that check_requests.py can hold pshell's requests against Coveo's OpenAPI specifications.
Usage: recording_proxy.py LOG TARGET_BASE_URL (e.g. http://127.0.0.1:PORT). Prints the port it listens on, then
serves until killed.

LOG gets one JSON line per request: {"method", "path" (as sent, without the query), "query": [[name, value], ...]
(decoded, in order, repeated names kept), "contentType", "body" (text, or null when empty)}. Headers are not
written: the Authorization header (a key) is passed on, never logged.
"""
import http.client
import json
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A parent that ignores SIGTERM passes that on through exec: take the default back, so terminate() stops it.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
log = open(sys.argv[1], "a", buffering=1)
lock = threading.Lock()
target = urllib.parse.urlsplit(sys.argv[2])

# Headers that belong to one connection, not to the request (RFC 9110 7.6.1), plus the ones this proxy sets
# itself: the body is passed on whole, with its own Content-Length.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
              "trailer", "transfer-encoding", "upgrade", "expect", "content-length"}


def end_to_end(headers):
    """The headers worth passing on: no hop-by-hop header, nor any the Connection header names."""
    named = {name.strip().lower() for value in headers.get_all("Connection", []) for name in value.split(",")}
    return [(name, value) for name, value in headers.items() if name.lower() not in HOP_BY_HOP | named]


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def read_body(self):
        """The request body, whether sent with a Content-Length or in chunks."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers, if any
                pass
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def record(self, body):
        path, _, query = self.path.partition("?")
        entry = {
            "method": self.command,
            "path": path,
            "query": [list(pair) for pair in urllib.parse.parse_qsl(query, keep_blank_values=True)],
            "contentType": self.headers.get("Content-Type"),
            "body": body.decode("utf-8", "replace") if body else None,
        }
        line = json.dumps(entry) + "\n"
        # One write per line, under a lock: threads serving other connections never interleave their lines.
        with lock:
            log.write(line)

    def forward(self):
        body = self.read_body()
        self.record(body)
        # A connection per request: a kept-alive upstream connection would need a retry on a stale socket, and a
        # retried POST could be done twice.
        upstream = http.client.HTTPConnection(target.hostname, target.port, timeout=300)
        try:
            # Host is passed on as the client sent it, so the URLs the target builds from it (uploadUri) still
            # lead through this proxy.
            upstream.request(self.command, self.path, body=body or None, headers=dict(end_to_end(self.headers)))
            answer = upstream.getresponse()
            status, reason, data = answer.status, answer.reason, answer.read()
            headers = [(n, v) for n, v in answer.getheaders() if n.lower() not in HOP_BY_HOP]
        except OSError as error:
            status, reason = 502, "Bad Gateway"
            data = json.dumps({"errorCode": "PROXY", "message": f"recording_proxy: {error}"}).encode()
            headers = [("Content-Type", "application/json")]
        finally:
            upstream.close()
        # send_response_only: the target's own Date and Server headers are passed on, not doubled.
        self.send_response_only(status, reason)
        for name, value in headers:
            self.send_header(name, value)
        if status not in (204, 304):
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status not in (204, 304):
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = forward

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
