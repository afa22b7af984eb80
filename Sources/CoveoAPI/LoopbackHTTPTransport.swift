package import Foundation
import Synchronization

/// A small HTTP/1.1 client for plain `http://` to this machine (the sandbox, a local test server): keep-alive
/// connections with TCP_NODELAY, no libcurl. On loopback it answers in a fraction of URLSession's time, which
/// is what a script of thousands of statements against the sandbox spends its time on. Blocking socket calls
/// run on Dispatch's threads, never on the Swift concurrency pool the in-process sandbox needs.
package final class LoopbackHTTPTransport: HTTPTransport {
    private struct Pool {
        var idle: [UInt16: [Int32]] = [:]
    }

    private let pool = Mutex(Pool())
    private let timeout: Int

    package init(timeoutSeconds: Int = 60) {
        timeout = timeoutSeconds
    }

    deinit {
        pool.withLock { state in
            for fds in state.idle.values { fds.forEach { close($0) } }
        }
    }

    /// Whether this transport can carry `url`: plain http to an IPv4 loopback address or localhost.
    package static func handles(_ url: URL) -> Bool {
        url.scheme?.lowercased() == "http" && Endpoints.isLoopback(url) && url.host != "::1" && url.host != "[::1]"
    }

    private struct Failure: Error {
        var message: String
        /// Nothing of a response arrived on a connection that had served before: the server may have closed
        /// it while idle, so sending again on a new connection is safe.
        var staleConnection = false
    }

    /// Lets Ctrl-C interrupt a blocked read: cancellation shuts the socket down.
    private final class Cancellation: Sendable {
        let state = Mutex<(fd: Int32, cancelled: Bool)>((-1, false))
        func use(_ fd: Int32) -> Bool {
            state.withLock { s in
                s.fd = fd
                return !s.cancelled
            }
        }
        func cancel() {
            state.withLock { s in
                s.cancelled = true
                if s.fd >= 0 { shutdown(s.fd, Int32(SHUT_RDWR)) }
            }
        }
        var isCancelled: Bool { state.withLock { $0.cancelled } }
    }

    package func send(_ request: APIRequest) async throws -> APIResponse {
        let cancellation = Cancellation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<APIResponse, any Error>) in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try self.perform(request, cancellation) })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    private func perform(_ request: APIRequest, _ cancellation: Cancellation) throws -> APIResponse {
        let port = UInt16(request.url.port ?? 80)
        let head = encode(request, port: port)
        let body = request.body ?? Data()
        for attempt in 0..<2 {
            let (fd, reused) = try checkout(port)
            guard cancellation.use(fd) else {
                close(fd)
                throw CancellationError()
            }
            do {
                try writeAll(fd, head)
                try body.withUnsafeBytes { try writeAll(fd, $0) }
                let (response, keepAlive) = try readResponse(fd, method: request.method, reused: reused)
                cancellation.state.withLock { $0.fd = -1 }
                if keepAlive { checkin(fd, port) } else { close(fd) }
                return response
            } catch let failure as Failure {
                cancellation.state.withLock { $0.fd = -1 }
                close(fd)
                if cancellation.isCancelled { throw CancellationError() }
                if failure.staleConnection && attempt == 0 { continue }
                throw URLError(.networkConnectionLost, userInfo: [NSLocalizedDescriptionKey: failure.message])
            }
        }
        throw URLError(.networkConnectionLost)
    }

    private func encode(_ request: APIRequest, port: UInt16) -> [UInt8] {
        var target = request.url.path.isEmpty ? "/" : request.url.path(percentEncoded: true)
        if let query = request.url.query(percentEncoded: true) { target += "?" + query }
        var head = "\(request.method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for header in request.headers { head += "\(header.name): \(header.value)\r\n" }
        let body = request.body ?? Data()
        if !body.isEmpty || ["POST", "PUT", "PATCH", "DELETE"].contains(request.method) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8)
    }

    private func checkout(_ port: UInt16) throws -> (Int32, Bool) {
        if let fd = pool.withLock({ $0.idle[port]?.popLast() }) { return (fd, true) }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(message: "cannot open a socket: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw URLError(.cannotConnectToHost, userInfo: [NSLocalizedDescriptionKey: "could not connect: \(reason)"])
        }
        return (fd, false)
    }

    private func checkin(_ fd: Int32, _ port: UInt16) {
        pool.withLock { $0.idle[port, default: []].append(fd) }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try writeAll(fd, $0) }
    }

    private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.send(fd, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "the connection failed while sending: \(String(cString: strerror(errno)))", staleConnection: true)
            }
            offset += n
        }
    }

    /// Reads one response: head, then a body by Content-Length, chunked, or until the server closes.
    private func readResponse(_ fd: Int32, method: String, reused: Bool) throws -> (APIResponse, Bool) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16384)
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() throws -> Bool {
            while true {
                let n = recv(fd, &chunk, chunk.count, 0)
                if n > 0 {
                    buffer.append(contentsOf: chunk[0..<n])
                    return true
                }
                if n == 0 { return false }
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw Failure(message: "no answer within \(timeout) seconds") }
                throw Failure(message: "the connection failed: \(String(cString: strerror(errno)))", staleConnection: reused && buffer.isEmpty)
            }
        }
        var headEnd: Int?
        while headEnd == nil {
            guard try fill() else {
                throw Failure(message: "the server closed the connection without an answer", staleConnection: reused && buffer.isEmpty)
            }
            headEnd = Self.find([13, 10, 13, 10], in: buffer)
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure(message: "not an HTTP answer") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        buffer.removeFirst(headEnd! + 4)
        var keepAlive = headers["connection"]?.lowercased() != "close"
        let body: [UInt8]
        if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) {
            body = []
        } else if let length = headers["content-length"].flatMap(Int.init) {
            while buffer.count < length {
                guard try fill() else { throw Failure(message: "the answer ended early") }
            }
            body = Array(buffer[0..<length])
        } else if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            var decoded: [UInt8] = []
            var position = 0
            while true {
                var lineEnd = Self.find([13, 10], in: buffer, from: position)
                while lineEnd == nil {
                    guard try fill() else { throw Failure(message: "the answer ended early") }
                    lineEnd = Self.find([13, 10], in: buffer, from: position)
                }
                let sizeText = String(decoding: buffer[position..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                    throw Failure(message: "a malformed chunked answer")
                }
                position = lineEnd! + 2
                while buffer.count < position + size + 2 {
                    guard try fill() else { throw Failure(message: "the answer ended early") }
                }
                if size == 0 { break }
                decoded.append(contentsOf: buffer[position..<position + size])
                position += size + 2
            }
            body = decoded
        } else {
            while try fill() {}
            body = buffer
            keepAlive = false
        }
        return (APIResponse(status: status, headers: headers, body: Data(body)), keepAlive)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && haystack[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
