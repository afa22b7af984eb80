import CoveoAPI
import Foundation
import Synchronization

/// `record --cast FILE`: the session as an asciicast v2 file (the format asciinema plays) — a JSON header line,
/// then one `[seconds, "o", text]` line per piece of output, typed statements included. Everything still reaches
/// the person; what is written to the file has its secrets masked.
final class CastingConsole: Console {
    let outer: any Console
    let path: String
    private let state: Mutex<(file: FileHandle?, events: Int, redaction: Redaction)>
    private let started = ContinuousClock.now

    /// Starts the file with its header; `timestamp` is the session clock's, in seconds since 1970.
    init(
        around outer: any Console, path: String, width: Int, height: Int, timestamp: Int64, redaction: Redaction
    )
        throws
    {
        self.outer = outer
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let file = FileHandle(forWritingAtPath: path)
        else { throw ShellError.failure("record --cast: cannot write \(path)") }
        let header: JSON = [
            "version": 2, "width": .int(width), "height": .int(height), "timestamp": .int64(timestamp),
            "env": ["TERM": "xterm-256color", "SHELL": "pshell"], "title": "pshell",
        ]
        file.write(Data((JSONWriter.compact(header) + "\n").utf8))
        state = Mutex((file, 0, redaction))
    }

    var isTerminal: Bool { outer.isTerminal }
    var usesColor: Bool { outer.usesColor }
    var width: Int? { outer.width }
    var height: Int? { outer.height }
    var isInteractive: Bool { outer.isInteractive }
    var showsProgress: Bool { outer.showsProgress }

    /// The secrets to mask change with the session (a token set after the recording began).
    func update(_ redaction: Redaction) { state.withLock { $0.redaction = redaction } }

    /// One output event, as a terminal would receive it (`\r\n` line ends).
    func event(_ text: String) {
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        state.withLock { state in
            guard let file = state.file else { return }
            let shown = state.redaction.masked(text).replacingOccurrences(of: "\n", with: "\r\n")
            let line: JSON = [.number(String(format: "%.6f", seconds)), "o", .string(shown)]
            file.write(Data((JSONWriter.compact(line) + "\n").utf8))
            state.events += 1
        }
    }

    /// Closes the file; the number of events written.
    func finish() -> Int {
        state.withLock { state in
            try? state.file?.close()
            state.file = nil
            return state.events
        }
    }

    func write(_ text: String) {
        outer.write(text)
        event(text)
    }

    func diagnose(_ diagnostic: Diagnostic) {
        outer.diagnose(diagnostic)
        // In colour as the terminal showed it (the recording replays the same terminal).
        event(diagnostic.styled(width: outer.width, color: outer.usesColor) + "\n")
    }

    func ask(_ prompt: String) -> String? {
        let answer = outer.ask(prompt)
        event(prompt + (answer ?? "") + "\n")
        return answer
    }

    func confirmAtTerminal(_ prompt: String) -> String? {
        let answer = outer.confirmAtTerminal(prompt)
        event(prompt + (answer ?? "") + "\n")
        return answer
    }

    func askSecret(_ prompt: String) -> String? {
        let answer = outer.askSecret(prompt)
        event(prompt + "\n")
        return answer
    }

    func progress(_ text: String?) { outer.progress(text) }
}
