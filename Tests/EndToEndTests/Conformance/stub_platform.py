"""A stand-in for the platform that fails on purpose, to see what pshell does about it. Writes every request line
(and the client's port) to LOG. MODE:
  created   POST .../sources answers 502 but the source exists afterwards (a gateway lost the success)
  absent    POST .../sources answers 503 and nothing was created
  date      GET .../sources/{id} answers 503 with an HTTP-date Retry-After two seconds ahead, then 200
  busy      every request answers 503 with Retry-After: 1 (a platform that is down)
  dropped   a create or a delete is done, then its connection drops before the answer; sent again, the create
            answers 409 or 400 (it exists) and the delete 404 (it is gone): what the platform says to a second try
  storm     every request answers 429 with Retry-After: 0 (a throttle that would make a naive client storm)
  escape    GET .../sources/{id} answers 404 with escape sequences in its message (a retitle, a clear-screen)
Usage: stub_platform.py LOG MODE [ADDRESS]. Prints the port, serves until killed.
"""
import email.utils
import json
import signal
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

signal.signal(signal.SIGTERM, signal.SIG_DFL)
log = open(sys.argv[1], "w", buffering=1)
mode = sys.argv[2]
state = {"gets": 0, "providers": {}, "fields": [], "deleted": set(), "source": None}
SOURCE = {"id": "stub-aaaaaaaaaaaaaaaaaaaaaaaaaa", "name": "flaky", "sourceType": "PUSH", "sourceVisibility": "SHARED"}


class Stub(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    served = 0

    def reply(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        # Like nginx's keepalive_requests: a connection ends after 10 answers; the client must open a new one
        # and keep using it.
        self.served += 1
        if self.served % 10 == 0:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Request-ID", "stub-request")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        # The client's port tells its connections apart.
        log.write(f"{self.command} {self.path} from {self.client_address[1]}\n")
        path = self.path.split("?")[0]
        if mode == "dropped":
            return self.dropped(path)
        if mode == "storm":
            return self.reply(429, {"errorCode": "TOO_MANY_REQUESTS", "message": "slow down"}, [("Retry-After", "0")])
        if mode == "busy":
            return self.reply(503, {"errorCode": "BUSY", "message": "down for maintenance"}, [("Retry-After", "1")])
        if self.command == "POST" and path.endswith("/sources"):
            status = 502 if mode == "created" else 503
            return self.reply(status, {"errorCode": "GATEWAY", "message": "upstream went away"})
        if path.endswith("/sources/pages"):
            models = [SOURCE] if mode == "created" else []
            return self.reply(200, {"sourceModels": models, "totalEntries": len(models), "totalPages": 1 if models else 0})
        if mode == "escape" and "/sources/" in path:
            return self.reply(404, {"errorCode": "SOURCE_NOT_FOUND", "message": "gone\u001b]0;pwned\u0007\u001b[2J"})
        if path.endswith("/sources/" + SOURCE["id"]):
            state["gets"] += 1
            if mode == "date" and state["gets"] == 1:
                later = email.utils.formatdate(time.time() + 2, usegmt=True)
                return self.reply(503, {"errorCode": "BUSY", "message": "try later"}, [("Retry-After", later)])
            return self.reply(200, SOURCE)
        return self.reply(404, {"errorCode": "NOT_FOUND", "message": "stub"})

    def drop(self):
        """The work is done; the answer never leaves."""
        self.close_connection = True

    def dropped(self, path):
        org = "/rest/organizations/stub"
        source = state["source"] or dict(SOURCE, securityProviderReferences=[])
        if self.command == "POST" and path == org + "/securityproviders":
            provider = json.loads(self.body)
            if provider["id"] in state["providers"]:
                return self.reply(409, {"errorCode": "SECURITY_PROVIDER_ALREADY_EXISTS", "message": "exists"})
            state["providers"][provider["id"]] = provider
            return self.drop()
        if self.command == "GET" and path.startswith(org + "/securityproviders/"):
            found = state["providers"].get(path.rsplit("/", 1)[1])
            return self.reply(200, found) if found else self.reply(404, {"errorCode": "NOT_FOUND", "message": "no"})
        if self.command == "POST" and path == org + "/sources/fields/batch/create":
            names = [field["name"] for field in json.loads(self.body)]
            if any(name in [f["name"] for f in state["fields"]] for name in names):
                return self.reply(400, {"errorCode": "FIELD_ALREADY_EXISTS", "message": "exists"})
            state["fields"] += json.loads(self.body)
            return self.drop()
        if self.command == "GET" and path == org + "/sources/page/fields":
            return self.reply(200, {"items": state["fields"], "totalPages": 1, "totalEntries": len(state["fields"])})
        if self.command == "DELETE":
            if path in state["deleted"]:
                return self.reply(404, {"errorCode": "NOT_FOUND", "message": "no such thing"})
            state["deleted"].add(path)
            return self.drop()
        if path == org + "/sources/" + SOURCE["id"]:
            if path in state["deleted"]:
                return self.reply(404, {"errorCode": "SOURCE_NOT_FOUND", "message": "no such source"})
            if self.command == "PUT":
                state["source"] = json.loads(self.body)
                return self.reply(200, state["source"])
            return self.reply(200, source)
        if path.endswith("/sources/pages"):
            return self.reply(200, {"sourceModels": [source], "totalEntries": 1, "totalPages": 1})
        if self.command == "GET" and path == org + "/securityproviders":
            return self.reply(200, list(state["providers"].values()))
        if self.command == "PUT" and path.endswith("/documents"):
            return self.reply(202, {})
        return self.reply(404, {"errorCode": "NOT_FOUND", "message": "stub"})

    do_GET = do_POST = do_PUT = do_DELETE = handle_one

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    # ADDRESS (a third argument) may be ::1, to serve IPv6 loopback.
    address_family = socket.AF_INET6 if len(sys.argv) > 3 and ":" in sys.argv[3] else socket.AF_INET


server = Server((sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1", 0), Stub)
print(server.server_address[1], flush=True)
server.serve_forever()
