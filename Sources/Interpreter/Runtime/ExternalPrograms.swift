import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Programs pshell hands the terminal to: `\! CMD`, `$EDITOR` for `\e` and `edit`. A seam, so a test can see what
/// would run; the real one waits for the program, its standard streams the terminal's.
package protocol ExternalPrograms: Sendable {
    /// Runs `/bin/sh -c SCRIPT` with `arguments` as `$1`...; returns its exit status.
    func run(_ script: String, arguments: [String]) async -> Int32
    /// Runs `/bin/sh -c SCRIPT` with `input` on its standard input (`STATEMENT | COMMAND`); its exit status, and
    /// its standard output when `capturing` (else it writes to the terminal).
    func run(_ script: String, input: [UInt8], capturing: Bool) async -> (status: Int32, output: [UInt8])
}

package struct SystemPrograms: ExternalPrograms {
    package init() {}

    package func run(_ script: String, input: [UInt8], capturing: Bool) async -> (status: Int32, output: [UInt8]) {
        // Close-on-exec: the command must not hold the pipes' other ends itself, or it never reads an end.
        var ends: [Int32] = [-1, -1]
        var outEnds: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return (127, []) }
        if capturing, pipe(&outEnds) != 0 { outEnds = [-1, -1] }
        for end in ends + outEnds where end >= 0 { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let (reading, writing) = (ends[0], ends[1])
        let spawned = ForegroundProcess.spawn(
            ["/bin/sh", "-c", script], input: reading, output: outEnds[1] >= 0 ? outEnds[1] : nil)
        close(reading)
        if outEnds[1] >= 0 { close(outEnds[1]) }
        guard let pid = spawned else {
            close(writing)
            if outEnds[0] >= 0 { close(outEnds[0]) }
            return (127, [])
        }
        // Written and waited for on threads of their own: a command that reads nothing (`| head -1`) must not
        // block the write, nor the write the wait. A pipe the command closed is no error: SIGPIPE is blocked on the
        // writing thread (the write says EPIPE), and a signal pending there goes with the thread.
        Thread.detachNewThread {
            var pipeSignal = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
            input.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(writing, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0, errno == EINTR { continue }
                    if written <= 0 { break }
                    offset += written
                }
            }
            close(writing)
        }
        let captured = outEnds[0]
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var output: [UInt8] = []
                if captured >= 0 {
                    var buffer = [UInt8](repeating: 0, count: 65_536)
                    while true {
                        let count = read(captured, &buffer, buffer.count)
                        if count < 0, errno == EINTR { continue }
                        if count <= 0 { break }
                        output += buffer[..<count]
                    }
                    close(captured)
                }
                continuation.resume(returning: (ForegroundProcess.wait(pid), output))
            }
        }
    }

    package func run(_ script: String, arguments: [String]) async -> Int32 {
        guard let pid = ForegroundProcess.spawn(["/bin/sh", "-c", script, "sh"] + arguments) else { return 127 }
        // Waited for on a thread of its own: a long `\! sleep 10` holds no thread of the pool.
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: ForegroundProcess.wait(pid)) }
        }
    }
}

/// A child that shares pshell's process group, and so the terminal: an editor or a pager reads the keyboard from
/// it (Foundation's `Process` puts its child in a group of its own, where reading the terminal stops it).
package enum ForegroundProcess {
    /// Starts `argv` (a path, then its arguments); standard input from `input` when given. Nil if it cannot start.
    package static func spawn(_ argv: [String], input: Int32? = nil, output: Int32? = nil) -> Int32? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO)
            posix_spawn_file_actions_addclose(&actions, input)
        }
        if let output {
            posix_spawn_file_actions_adddup2(&actions, output, STDOUT_FILENO)
            posix_spawn_file_actions_addclose(&actions, output)
        }
        var pid = pid_t()
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let environment = childEnvironment().map { strdup($0) } + [nil]
        defer { environment.forEach { free($0) } }
        let status = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environment)
        return status == 0 ? pid : nil
    }

    /// Values no child may see: the session's secrets, told by the shell as it learns them.
    private static let hidden = Mutex<Set<String>>([])

    /// Keeps `secrets` out of every child's environment from now on.
    package static func hide(_ secrets: [String]) {
        hidden.withLock { $0.formUnion(secrets.filter { !$0.isEmpty }) }
    }

    /// pshell's environment without `PSHELL_TOKEN` and without any variable holding a secret (`token --env NAME`
    /// read one): an editor, a pager or `\! env` must not receive the token.
    static func childEnvironment() -> [String] {
        let secrets = hidden.withLock { $0 }
        var result: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            let name = text.prefix { $0 != "=" }
            let value = text.dropFirst(name.count + 1)
            if name != "PSHELL_TOKEN", !secrets.contains(where: { value.contains($0) }) { result.append(text) }
            entry += 1
        }
        return result
    }

    /// Waits for a child; its exit status (128 + the signal that ended it).
    package static func wait(_ pid: Int32) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return 127 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
