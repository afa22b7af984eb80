import Foundation
import Testing

/// Drives pshell in a real terminal, as a person would: tmux runs it, `send-keys` types, `capture-pane`
/// reads the screen. Each session has its own tmux server socket, so tests do not disturb each other.
final class TmuxSession {
    let socket = "pshell-test-\(UUID().uuidString.prefix(8))"
    let name = "t"
    let home: URL

    /// Starts `pshell ARGS` in a 120x40 terminal. The pane stays after pshell exits and shows its status.
    init(arguments: [String] = [], home: URL? = nil, environment: [String: String] = [:]) throws {
        self.home = try home ?? temporaryHome()
        var env = ["HOME=\(self.home.path)", "TERM=xterm-256color", "PATH=/usr/bin:/bin"]
        env += environment.map { "\($0.key)=\($0.value)" }
        let command = (["env", "-i"] + env + [pshellBinary] + arguments).map(Self.shellQuote).joined(separator: " ")
        try tmux([
            "new-session", "-d", "-s", name, "-x", "120", "-y", "40", "\(command); echo PSHELL-EXITED=$?; sleep 600",
        ])
    }

    deinit {
        // `kill-server` alone was seen to leave servers and panes running (hundreds, over many runs): the
        // processes are killed outright, then the socket removed.
        let pids = ((try? tmux(["display-message", "-p", "#{pid} #{pane_pid}"])) ?? "").split(separator: " ").compactMap
        {
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        _ = try? tmux(["kill-server"])
        for pid in pids.reversed() where pid > 1 {
            kill(pid, SIGKILL)
        }
        unlink("/tmp/tmux-\(getuid())/\(socket)")
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Self.spawn(
            ["tmux", "-L", socket] + arguments,
            capture: ["capture-pane", "display-message"].contains(arguments.first ?? ""))
    }

    /// posix_spawn + waitpid: Foundation's `Process` can miss the exit of tmux's client (it forks the
    /// server), and the server must not inherit a pipe we wait on, so only `capture-pane` gets one.
    static func spawn(_ argv: [String], capture: Bool) throws -> String {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if capture {
            guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        // A clean signal mask and default handlers: the test runner's threads block or ignore signals, and a
        // spawned tmux server would inherit that and never hear kill-server's SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let cArgs = (["/usr/bin/env"] + argv).map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let status = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, cArgs, environ)
        if capture { close(fds[1]) }
        guard status == 0 else { throw POSIXError(.ENOENT) }
        var output = Data()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fds[0], &buffer, buffer.count)
                if n > 0 {
                    output.append(contentsOf: buffer[0..<n])
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(fds[0])
        }
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    /// Types text (literally) without pressing Enter.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }
    /// Presses keys by tmux name: Enter, Tab, C-c, C-d, Up, Home, ...
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }
    /// The screen and the lines that scrolled off it.
    var scrollback: String { (try? tmux(["capture-pane", "-p", "-S", "-1000", "-t", name])) ?? "" }
    /// The screen with its colours, as escape sequences.
    var colouredScreen: String { (try? tmux(["capture-pane", "-p", "-e", "-t", name])) ?? "" }

    /// Waits until the screen satisfies `condition`; returns whether it did within `timeout` seconds.
    @discardableResult
    func waitFor(_ timeout: Double = 6, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(screen) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition(screen)
    }

    func waitFor(text: String, timeout: Double = 6) -> Bool { waitFor(timeout) { $0.contains(text) } }

    /// The last non-empty line on the screen.
    var currentLine: String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    static func shellQuote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
