"""A one-purpose HTTP server on loopback that writes down every request as it arrives on the wire (request
line and headers) and answers `[]`: what a client really sent, with nothing of the client in between.
Usage: record_requests.py LOG_FILE. Prints the port it listens on, then serves until killed.
"""
import signal
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

# A parent that ignores SIGTERM passes that on through exec: take the default back, so terminate() stops it.
signal.signal(signal.SIGTERM, signal.SIG_DFL)
log = open(sys.argv[1], "w", buffering=1)


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        log.write(self.requestline + "\n" + str(self.headers) + body.decode("utf-8", "replace") + "\n----\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"[]")

    do_GET = do_POST = do_PUT = do_DELETE = answer

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Recorder)
print(server.server_address[1], flush=True)
server.serve_forever()
