import CoveoAPI
import Foundation

extension Shell {

    /// `--step FILE`: the file's statements are typed at the prompt, but paths in them are relative to it.
    package func enterScript(_ path: String, arguments: [String] = []) {
        scriptStack.append(path)
        session.arguments = arguments
    }

    /// Runs a script: parsed whole first (a block left open is found before anything is sent), then statement by
    /// statement; errors are reported as `FILE:LINE:`; it stops at the first failure unless `--keep-going` or
    /// `set on-error continue`. Returns the exit status: 0, or the status of the failure that stopped it (or of
    /// the last one, when it went on).
    package func runScript(_ text: String, name: String, arguments: [String]? = nil) async -> Int32 {
        if let arguments { session.arguments = arguments }
        scriptStack.append(name)
        defer { scriptStack.removeLast() }
        // `-c` has a single line: `error: ...` says enough without `-c:1:`.
        return await run(text, file: name == "-c" ? nil : name)
    }

    /// Statements typed at the prompt (several, with `;` or a block): as a script without a file.
    package func runStatements(_ text: String) async -> Outcome {
        // A meta-command takes the rest of its line: `\! a; b` is one shell command.
        if let meta = MetaCommand(text) {
            let outcome = await run(meta)
            session.status = outcome.status
            return outcome
        }
        previousStatement = text
        // A cast shows what was typed, after the prompt it was typed at.
        cast?.event(
            Prompt.text(
                context: promptContext(), production: session.production, color: console.usesColor, markers: false)
                + text + "\n")
        defer { cast?.update(redaction) }
        var run = ScriptRun(file: nil)
        guard let script = ScriptRun.parse(text, file: nil, in: self) else {
            return .stopped(ShellError.Kind.syntax.exitCode)
        }
        switch await run.perform(script.nodes, in: self) {
        case .exit(let code): return .exit(code)
        case .stop(let code): return .stopped(code)
        default: return run.failure.map { .stopped($0) } ?? .success
        }
    }

    private func run(_ text: String, file: String?) async -> Int32 {
        guard let script = ScriptRun.parse(text, file: file, in: self) else { return ShellError.Kind.syntax.exitCode }
        var run = ScriptRun(file: file)
        switch await run.perform(script.nodes, in: self) {
        case .exit(let code), .stop(let code): return code
        default: return run.failure ?? 0
        }
    }
}

extension ShellError {
    static func from(_ error: any Error) -> ShellError {
        if let error = error as? ShellError { return error }
        if let error = error as? Tokenizer.Failure { return .usage(error.message + " (column \(error.column))") }
        if let error = error as? APIError { return ShellError(error) }
        return .failure("\(error)")
    }
}
