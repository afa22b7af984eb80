import CoveoAPI
import Foundation
import Interpreter
import Synchronization

/// `pshell --machine`: a line-oriented interface for programs (the Jupyter kernel, an editor). Each line read is a
/// JSON request `{"id": ANY, "code": "STATEMENTS"}`; each is answered by one JSON line
/// `{"id", "status", "stdout", "diagnostics": [{"severity", "text"}], "result"}`, the session kept between them.
/// `result` is `$last` when the code set it (a result equal to the one before included), null otherwise; a request
/// that is not JSON, or whose `code` is not a string, is answered with status 64 and an `error`.
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
            guard let code = request["code"]?.stringValue else {
                answer([
                    "id": request["id"] ?? .null, "status": 64,
                    "error": "a request is {\"id\": ANY, \"code\": \"STATEMENTS\"}: its code must be a string",
                ])
                continue
            }
            let before = await shell.session.lastSerial
            let (outcome, interrupted) = await PShell.cancelledByCtrlC { [shell] in
                let outcome = await shell.runStatements(code)
                if case .failure(let error) = outcome { await shell.report(error, at: nil) }
                return outcome
            }
            let status = interrupted && outcome == .success ? ExitStatus.interrupted : outcome.status
            let (stdout, diagnostics) = console.take()
            var response: JSON = [
                "id": request["id"] ?? .null, "status": .int(Int(status)), "stdout": .string(stdout),
                "diagnostics": .array(diagnostics),
                "result": await shell.session.lastSerial != before ? await shell.session.last ?? .null : .null,
            ]
            guard case .exit = outcome else {
                answer(response)
                continue
            }
            response["exit"] = true
            answer(response)
            return status
        }
        return 0
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
    func askSecret(_ prompt: String) -> String? { nil }

    func take() -> (String, [JSON]) {
        state.withLock { state in
            defer { state = ("", []) }
            return (state.out, state.diagnostics)
        }
    }
}
