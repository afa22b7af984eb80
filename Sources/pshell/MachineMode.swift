import CoveoAPI
import Foundation
import Interpreter
import Synchronization

/// `pshell --machine`: a line-oriented interface for programs (the Jupyter kernel, an editor). Each line read is a
/// JSON request `{"id": ANY, "code": "STATEMENTS"}`; each is answered by one JSON line
/// `{"id", "status", "stdout", "diagnostics": [{"severity", "text"}], "result"}`, the session kept between them.
/// `result` is `$last` after the code ran (null when it holds nothing).
struct MachineMode {
    let shell: Shell
    let console: MachineConsole

    func run() async -> Int32 {
        while let line = readLine(strippingNewline: true) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let request: JSON
            do {
                request = try JSONParser.parse(line)
            } catch {
                answer(["id": .null, "status": 64, "error": .string("not a JSON request: \(error)")])
                continue
            }
            let code = request["code"]?.stringValue ?? ""
            let before = await shell.session.last
            let outcome = await PShell.interruptible { [shell] in
                let result = await shell.runStatements(code)
                if case .failure(let error) = result { await shell.report(error, at: nil) }
                switch result {
                case .success: return 0
                case .failure(let error): return error.exitCode
                case .exit(let code): return -1 - code
                case .stopped(let code): return code
                }
            }
            let (stdout, diagnostics) = console.take()
            var response: JSON = [
                "id": request["id"] ?? .null, "status": .int(Int(outcome < 0 ? -1 - outcome : outcome)),
                "stdout": .string(stdout), "diagnostics": .array(diagnostics),
                "result": Self.changed(before, await shell.session.last),
            ]
            if outcome < 0 { response["exit"] = true }
            answer(response)
            if outcome < 0 { return -1 - outcome }
        }
        return 0
    }

    /// `$last` when the request set it: a statement that sets nothing (`echo`) answers no result.
    private static func changed(_ before: JSON?, _ after: JSON?) -> JSON {
        guard let after, after != before else { return .null }
        return after
    }

    private func answer(_ response: JSON) {
        StandardConsole.write(JSONWriter.compact(response) + "\n", to: STDOUT_FILENO)
    }
}

/// What one request printed, kept for its answer.
final class MachineConsole: Console {
    private let state = Mutex<(out: String, diagnostics: [JSON])>(("", []))

    var isTerminal: Bool { false }
    var usesColor: Bool { false }
    var isInteractive: Bool { false }

    func write(_ text: String) { state.withLock { $0.out += text } }

    func diagnose(_ diagnostic: Diagnostic) {
        let entry: JSON = [
            "severity": diagnostic.severity.map { .string($0.rawValue) } ?? .null, "text": .string(diagnostic.text),
        ]
        state.withLock { $0.diagnostics.append(entry) }
    }

    func ask(_ prompt: String) -> String? { nil }
    func confirmAtTerminal(_ prompt: String) -> String? { nil }
    func askSecret(_ prompt: String) -> String? { nil }

    func take() -> (String, [JSON]) {
        state.withLock { state in
            defer { state = ("", []) }
            return (state.out, state.diagnostics)
        }
    }
}
