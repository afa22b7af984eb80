"""A server that misbehaves on purpose, to see that pshell ends each misdeed with one clear line, within its
deadline and its limits, and that its token goes nowhere it should not. Speaks raw sockets, not http.server,
so that it can break HTTP itself. Every request line (and whether it carried an Authorization header) is written
to LOG; a second listener on 127.0.0.2 (the redirect target) writes what reaches it there.
MODE, for every request:
  redirect       307 to plain http on 127.0.0.2 (pshell must refuse it; the token must never arrive there)
  redirect-host  308 to the same server under another name (localhost): followed, without the token
  negative       Content-Length: -5
  badchunk       a chunk size that is not hex
  garbage        an answer that is not HTTP at all
  huge           Content-Length of 10 GB, announced
  endless        a chunked body that never ends
  drip           a JSON body, one byte every half second
  badport        307 to a port past 65535 (SwiftNIO traps on one: pshell must refuse it first)
Usage: hostile_server.py LOG MODE [CERT KEY]: with CERT and KEY, serves https. Prints the port, serves until killed.
"""
import signal
import socket
import ssl
import sys
import threading
import time

signal.signal(signal.SIGTERM, signal.SIG_DFL)
log = open(sys.argv[1], "w", buffering=1)
mode = sys.argv[2]
context = None
if len(sys.argv) > 4:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[3], sys.argv[4])


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None, {}
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return lines[0], headers


def thief(listener):
    """127.0.0.2: whatever arrives here came through a redirect; it is logged, with its Authorization."""
    while True:
        conn, _ = listener.accept()
        line, headers = read_request(conn)
        log.write(f"STOLEN {line} authorization={headers.get('authorization', 'none')}\n")
        body = b'{"stolen": true}'
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        conn.close()


def serve(conn, port, thief_port):
    try:
        if context:
            conn = context.wrap_socket(conn, server_side=True)
        line, headers = read_request(conn)
        if line is None:
            return
        log.write(f"{line} authorization={'yes' if 'authorization' in headers else 'none'}\n")
        path = line.split(" ")[1]
        if mode == "redirect":
            conn.sendall(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.2:%d%s\r\nContent-Length: 0\r\n\r\n" % (thief_port, path.encode()))
        elif mode == "redirect-host":
            if headers.get("host", "").startswith("localhost"):
                status = b"200 OK" if "authorization" not in headers else b"400 Bad Request"
                body = b'{"id": "hostile-aaaaaaaaaaaaaaaaaaaaaaaaaa", "name": "followed"}'
                conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            else:
                scheme = b"https" if context else b"http"
                conn.sendall(b"HTTP/1.1 308 Permanent Redirect\r\nLocation: " + scheme + b"://localhost:%d%s\r\nContent-Length: 0\r\n\r\n" % (port, path.encode()))
        elif mode == "badport":
            conn.sendall(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:99999%s\r\nContent-Length: 0\r\n\r\n" % path.encode())
        elif mode == "negative":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n{}")
        elif mode == "badchunk":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
        elif mode == "garbage":
            conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\r\nthis is not HTTP\r\n")
        elif mode == "huge":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n[")
            time.sleep(30)
        elif mode == "endless":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"[" * 65536
            frame = b"%x\r\n%s\r\n" % (len(chunk), chunk)
            while True:
                conn.sendall(frame)
        elif mode == "mistyped":
            body = b'{"id": "hostile-aaaaaaaaaaaaaaaaaaaaaaaaaa", "name": 7, "sourceVisibility": "SHARED"}'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        elif mode == "drip":
            body = b'{"id": "hostile-aaaaaaaaaaaaaaaaaaaaaaaaaa", "name": "slow"}'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
            for byte in body:
                conn.sendall(bytes([byte]))
                time.sleep(0.5)
    except (OSError, ssl.SSLError):
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


thief_listener = socket.socket()
thief_listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
thief_listener.bind(("127.0.0.2", 0))
thief_listener.listen(16)
threading.Thread(target=thief, args=(thief_listener,), daemon=True).start()

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
port = listener.getsockname()[1]
print(port, flush=True)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn, port, thief_listener.getsockname()[1]), daemon=True).start()
