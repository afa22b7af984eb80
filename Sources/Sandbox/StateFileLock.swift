import Foundation

/// One owner per state file: an exclusive lock on `FILE.lock`, held for the sandbox's life. Two sandboxes on one
/// file each kept their own memory and the last writer won (a source answered 201 on one was gone after a
/// restart). The kernel drops the lock when the process ends, `kill -9` included, so a crash never leaves the
/// file locked; the lock file says who holds it, for the one line that refuses the second.
package final class StateFileLock: Sendable {
    private let descriptor: Int32
    private let path: String

    /// The state file's own path: a symbolic link is followed, so that the lock is the file's whatever name is
    /// given; a directory is refused, and so is a file with another hard link (two names SQLite keeps apart, its
    /// journal beside each: a second sandbox through the other name would write the same database unseen).
    static func ownPath(of stateFile: String) throws(SandboxStateError) -> String {
        // attributesOfItem reads the name itself (lstat): a link is seen as a link.
        guard var facts = try? FileManager.default.attributesOfItem(atPath: stateFile) else { return stateFile }
        var path = stateFile
        // Links followed one at a time: a link to a file not made yet names that file; a loop is said as one.
        var hops = 0
        while facts[.type] as? FileAttributeType == .typeSymbolicLink {
            hops += 1
            guard hops <= 40, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else {
                throw SandboxStateError(
                    message: "\(stateFile) is a loop of symbolic links: a state file must be a file")
            }
            path =
                target.hasPrefix("/")
                ? target : URL(fileURLWithPath: path).deletingLastPathComponent().appending(path: target).path
            guard let next = try? FileManager.default.attributesOfItem(atPath: path) else { return path }
            facts = next
        }
        if facts[.type] as? FileAttributeType == .typeDirectory {
            throw SandboxStateError(
                message: "\(stateFile) is a folder: a state file must be a file (it need not exist yet)")
        }
        if let links = (facts[.referenceCount] as? NSNumber)?.intValue, links > 1 {
            throw SandboxStateError(
                message: "\(stateFile) has \(links) hard links: SQLite keeps one database consistent under one "
                    + "name only; copy it (cp) instead of linking it")
        }
        return path
    }

    /// Whether a running sandbox holds `stateFile` now (asked without taking it): the prompt says so in its banner
    /// rather than promise to keep what it cannot.
    package static func isHeld(_ stateFile: String) -> Bool {
        let descriptor = open(stateFile + ".lock", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(descriptor, LOCK_UN)
        return false
    }

    init(for stateFile: String) throws(SandboxStateError) {
        path = stateFile + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SandboxStateError(message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        // What the last owner wrote ("pid N, port P"), read once before this one writes over it: its port is the
        // one a pshell pointed at this state file still uses, and a holder is named by it.
        let last = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        // A sandbox of this process that was just stopped lets the file go when its last request's handlers are
        // released, on the event loop's threads: a restart here waits for that, up to two seconds.
        var locked = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        var waits = 0
        while !locked, waits < 40, last.hasPrefix("pid \(getpid()),") {
            waits += 1
            usleep(50_000)
            locked = flock(descriptor, LOCK_EX | LOCK_NB) == 0
        }
        guard locked else {
            let holder = last.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw SandboxStateError(
                message: "\(stateFile) is in use by another pshell sandbox ("
                    + (holder.isEmpty ? "still starting" : holder)
                    + "): one sandbox per state file; stop it, or use it (`--platform-url`)",
                heldByAnother: true)
        }
        previousPort = last.firstMatch(of: /port (\d+)/).flatMap { Int($0.1) }
        record("pid \(getpid())")
    }

    /// The port the sandbox that last held this state file listened on, if it said.
    let previousPort: Int?

    /// Says who holds the lock: `pid N`, then `pid N, port P` once the sandbox listens.
    func record(_ owner: String) {
        let bytes = Array((owner + "\n").utf8)
        _ = ftruncate(descriptor, 0)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        // Closing the last descriptor releases the lock; the file stays, harmless, for the next owner.
        close(descriptor)
    }
}
