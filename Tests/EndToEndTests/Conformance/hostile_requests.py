"""Sends the standalone sandbox what a hostile or broken client would, over raw sockets, and checks that each
gets an answer at once (a 4xx in Coveo's error shape, never a hang or a dropped connection), then that the sandbox
still serves.
Usage: hostile_requests.py PORT API_KEY ORG. Prints one line per case; exits 1 if any fails.
"""
import socket
import sys
import time

port, key, org = int(sys.argv[1]), sys.argv[2], sys.argv[3]
failures = 0
auth = f"Authorization: Bearer {key}\r\n".encode()


def case(label, data, expected):
    global failures
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        try:
            s.sendall(data)
        except OSError:
            pass  # the server may close before it has read everything: the answer is what counts
        answer = b""
        try:
            while b"\r\n\r\n" not in answer or (b"errorCode" not in answer and not answer.startswith(b"HTTP/1.1 2")):
                chunk = s.recv(2000)
                if not chunk:
                    break
                answer += chunk
        except OSError as error:
            answer = answer or repr(error).encode()
    elapsed = time.monotonic() - started
    status = answer.split(b"\r\n", 1)[0].decode("latin-1")
    # Every refusal in Coveo's error shape, whichever layer refused.
    shaped = status.startswith("HTTP/1.1 2") or b'"errorCode"' in answer
    ok = any(status.startswith(f"HTTP/1.1 {code}") for code in expected) and elapsed < 1 and shaped
    failures += 0 if ok else 1
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {status or '(no answer)'} in {elapsed * 1000:.0f} ms")


path = f"/rest/organizations/{org}/sources"
case("a 64 KB request line", f"GET {path}?x={'a' * 65536} HTTP/1.1\r\nHost: x\r\n".encode() + auth + b"\r\n", [400, 414, 431])
case("a 1 MB request line", f"GET {path}?x={'a' * (1 << 20)} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), [400, 414, 431])
case("a 1 MB header", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n", [400, 431])
case("5,000 headers", b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(5000)) + b"\r\n", [400, 431])
case("Content-Length: -1", f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".encode(), [400])
case("Content-Length and Transfer-Encoding", f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
     "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n".encode(), [400])
case("invalid UTF-8 in the path", b"GET /rest/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", [400, 404])
case("a 50 MB body on a /rest route", f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
     f"Content-Length: {50 << 20}\r\n".encode() + auth + b"\r\n" + b"{" * 65536, [413])
case("a chunk size that is not hex", f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
     "Transfer-Encoding: chunked\r\n".encode() + auth + b"\r\nzz\r\n{}\r\n0\r\n\r\n", [400])
case("a text/xml body on a /rest route", f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 7\r\n".encode()
     + auth + b"\r\n<a></a>", [415])
case("an escape that decodes to no text in a path parameter", f"GET {path}/%zz HTTP/1.1\r\nHost: x\r\n".encode() + auth
     + b"\r\n", [400])
case("an escape of invalid UTF-8 in a path parameter", f"GET {path}/%C3%28 HTTP/1.1\r\nHost: x\r\n".encode() + auth
     + b"\r\n", [400])
case("a request that is not HTTP", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64, [400])
# Still serving.
case("then an ordinary GET", f"GET {path} HTTP/1.1\r\nHost: x\r\n".encode() + auth + b"\r\n", [200])
sys.exit(1 if failures else 0)
