import CoveoAPI
import Foundation

/// `record FILE`: the session's successful statements, written as a script that replays it. Statements are
/// kept as typed (variables unexpanded); an id the platform created during the session becomes a variable
/// (`set source1 $last.id` after the create, `$source1` after it), since a replay creates a different one.
/// A token is never written: `token` (which prompts) is left out, and so is any statement containing it.
struct Recorder: Sendable {
    let path: String
    /// When the recording began, in epoch milliseconds (written in its header).
    let started: Int64
    private(set) var statements: [String] = []
    private var variables: [(id: String, name: String)] = []
    /// The statement now ending was declined at its question: it is not added.
    private var declined = false

    init(path: String, started: Int64) {
        self.path = path
        self.started = started
    }

    /// The running statement did nothing (its question was answered no): replaying it would do what was refused.
    mutating func skipDeclined() { declined = true }

    mutating func add(_ statement: String, command: String, createdID: String?) {
        if declined {
            declined = false
            return
        }
        var text = statement
        for variable in variables { text = text.replacingOccurrences(of: variable.id, with: "$" + variable.name) }
        statements.append(text)
        if let createdID, !variables.contains(where: { $0.id == createdID }) {
            let name = "source\(variables.filter { $0.name.hasPrefix("source") }.count + 1)"
            variables.append((createdID, name))
            statements.append("set \(name) $last.id")
        }
    }

    var text: String {
        "#!/usr/bin/env pshell\n# Recorded by pshell on \(EpochMilliseconds.iso8601(started)). "
            + "Replay: pshell \((path as NSString).lastPathComponent)\n"
            + statements.map { $0 + "\n" }.joined()
    }

    func write() throws {
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644])
        else {
            throw ShellError.failure("record: cannot write \(path)")
        }
    }
}

/// A statement that runs others (`STATEMENT | COMMAND`, `watch`): `record` keeps it once, as the user typed it, not
/// the statements it ran (a watch's every round; a pipe's statement without its pipe).
enum RecordedOnce {
    /// Runs `body` with recording held; when `keeps` says so (on success by default), keeps `text` unless an
    /// enclosing block keeps itself.
    static func run(
        _ text: String, command: String, in shell: isolated Shell, keeps: (Outcome) -> Bool = { $0 == .success },
        _ body: () async -> Outcome
    ) async -> Outcome {
        let outermost = !shell.recordingBlock
        shell.recordingBlock = true
        let outcome = await body()
        guard outermost else { return outcome }
        shell.recordingBlock = false
        if keeps(outcome), shell.recorder != nil, !shell.session.dryRun {
            shell.keep(text, command: command, createdID: nil)
        }
        return outcome
    }
}
