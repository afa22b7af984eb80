import Foundation

/// A script's text, from a file or anything that reads like one: `<(...)`, a FIFO, /dev/stdin, /dev/null
/// (Foundation's `contents(atPath:)` refused all of them). `pshell SCRIPT`, `-f`, `--step` and `source` read here.
package enum TextFile {
    /// Why a file could not be read, in the words of the system (`no such file`, `a folder, not a script`).
    package struct Unreadable: Error {
        package var reason: String
        /// Not there at all (`pshell version` mistyped after a flag, `source create X`).
        package var missing: Bool
    }

    package static func read(_ path: String) throws(Unreadable) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw Unreadable(
                reason: errno == ENOENT ? "no such file" : String(cString: strerror(errno)), missing: errno == ENOENT)
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            guard count > 0 else {
                if errno == EINTR { continue }
                let reason = errno == EISDIR ? "a folder, not a script" : String(cString: strerror(errno))
                throw Unreadable(reason: reason, missing: false)
            }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
