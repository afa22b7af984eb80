"""A small HTTP proxy for tests: answers CONNECT by opening a tunnel, as a company proxy does, and writes each
CONNECT line to LOG. Host names are resolved through MAP (name=address,...) first, so that a test can reach a
server on this machine by a name that is not loopback (pshell never sends loopback through a proxy).
MODE: tunnel (the default) or deny (every CONNECT answered 403, as a proxy that forbids the destination).
Usage: connect_proxy.py LOG MODE [MAP]. Prints the port, serves until killed.
"""
import select
import signal
import socket
import sys
import threading

signal.signal(signal.SIGTERM, signal.SIG_DFL)
log = open(sys.argv[1], "w", buffering=1)
mode = sys.argv[2]
names = dict(entry.split("=", 1) for entry in sys.argv[3].split(",")) if len(sys.argv) > 3 and sys.argv[3] else {}


def pipe(a, b):
    sockets = [a, b]
    while True:
        readable, _, _ = select.select(sockets, [], [], 60)
        if not readable:
            return
        for s in readable:
            data = s.recv(65536)
            if not data:
                return
            (b if s is a else a).sendall(data)


def handle(client):
    try:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = client.recv(4096)
            if not chunk:
                return
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        auth = any(line.lower().startswith("proxy-authorization:") for line in lines[1:])
        log.write(f"{method} {target} proxy-authorization={'yes' if auth else 'none'}\n")
        if method != "CONNECT":
            client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        if mode == "deny":
            client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        host, _, port = target.rpartition(":")
        try:
            upstream = socket.create_connection((names.get(host, host), int(port)), timeout=5)
        except OSError:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        client.sendall(b"HTTP/1.1 200 Connection Established\r\n\r\n")
        if rest:
            upstream.sendall(rest)
        pipe(client, upstream)
        upstream.close()
    except OSError:
        pass
    finally:
        client.close()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
print(listener.getsockname()[1], flush=True)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=handle, args=(conn,), daemon=True).start()
