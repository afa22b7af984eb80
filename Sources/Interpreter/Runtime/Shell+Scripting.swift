import CoveoAPI
import Foundation

extension Shell {

    /// `--step FILE`: the file's statements are typed at the prompt, but paths in them are relative to it.
    package func enterScript(_ path: String) {
        scriptStack.append(path)
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
        cast?.event("pshell \(promptContext())> " + text + "\n")
        defer { cast?.update(redaction) }
        var run = ScriptRun(file: nil)
        guard let script = parse(text, file: nil) else { return .stopped(ShellError.Kind.syntax.exitCode) }
        switch await perform(script.nodes, &run) {
        case .exit(let code): return .exit(code)
        case .stop(let code): return .stopped(code)
        default: return run.failure.map { .stopped($0) } ?? .success
        }
    }

    private func run(_ text: String, file: String?) async -> Int32 {
        guard let script = parse(text, file: file) else { return ShellError.Kind.syntax.exitCode }
        var run = ScriptRun(file: file)
        switch await perform(script.nodes, &run) {
        case .exit(let code), .stop(let code): return code
        default: return run.failure ?? 0
        }
    }

    private func parse(_ text: String, file: String?) -> Script? {
        do {
            return try Script(text)
        } catch {
            report(ShellError(.syntax, error.message), at: file.map { SourceLocation(file: $0, line: error.line) })
            return nil
        }
    }

    /// What one run of a script carries from statement to statement.
    struct ScriptRun {
        var file: String?
        /// The exit status of the last failure when the script went on after it.
        var failure: Int32?

        func location(_ line: Int) -> SourceLocation? { file.map { SourceLocation(file: $0, line: line) } }
    }

    /// Where control goes after a node.
    enum Flow: Equatable {
        case next
        case breakLoop
        case continueLoop
        /// `exit N`: the script, or the session, ends with this status.
        case exit(Int32)
        /// A failure (or Ctrl-C) stops the script, which ends with this status; at the prompt, the line stops.
        case stop(Int32)
    }

    private func perform(_ nodes: [Script.Node], _ run: inout ScriptRun) async -> Flow {
        for node in nodes {
            let flow: Flow
            switch node {
            case .statement(let text, let line):
                flow = await statement(text, at: line, &run)
            case .conditional(let branches, let otherwise, _):
                flow = await block(node, &run) { await conditional(branches, otherwise, &$0) }
            case .loop(let variable, let list, let body, let line):
                flow = await block(node, &run) { await loop(variable, over: list, body, at: line, &$0) }
            case .breakLoop:
                return .breakLoop
            case .continueLoop:
                return .continueLoop
            }
            if flow != .next { return flow }
            if Task.isCancelled { return .stop(ShellError.Kind.cancelled.exitCode) }
        }
        return .next
    }

    /// An `if` or a `for`; the outermost one is what `record` keeps.
    private func block(
        _ node: Script.Node, _ run: inout ScriptRun, _ body: (inout ScriptRun) async -> Flow
    ) async -> Flow {
        let outermost = !recordingBlock
        recordingBlock = true
        let failure = run.failure
        let flow = await body(&run)
        guard outermost else { return flow }
        recordingBlock = false
        // A block that ran without a failure is kept once, as written, not each statement it ran.
        if flow == .next, run.failure == failure, !session.dryRun {
            keep(node.source, command: "block", createdID: nil)
        }
        return flow
    }

    private func statement(_ text: String, at line: Int, _ run: inout ScriptRun) async -> Flow {
        let outcome: Outcome
        if Tokenizer.needsContinuation(text) {
            outcome = .failure(
                .usage("this statement never closes a quote, brace or bracket before the end of the file"))
        } else {
            echo(text)
            outcome = await execute(text)
        }
        return settle(outcome, at: line, &run)
    }

    /// What a statement's outcome means for the script: `$status`, the report, and whether it goes on.
    private func settle(_ outcome: Outcome, at line: Int, _ run: inout ScriptRun) -> Flow {
        switch outcome {
        case .success:
            session.status = 0
            return .next
        case .exit(let code):
            return .exit(code)
        case .stopped(let code):
            session.status = code
            if !(session.continueOnError || keepGoing) { return .stop(code) }
            run.failure = code
            return .next
        case .failure(let error):
            report(error, at: run.location(line))
            session.status = error.exitCode
            if error.kind == .cancelled || !(session.continueOnError || keepGoing) { return .stop(error.exitCode) }
            run.failure = error.exitCode
            return .next
        }
    }

    private func conditional(
        _ branches: [Script.Branch], _ otherwise: [Script.Node]?, _ run: inout ScriptRun
    ) async -> Flow {
        for branch in branches {
            echo((branch.line == branches[0].line ? "if " : "else if ") + branch.condition)
            do {
                if try await holds(branch.condition) { return await perform(branch.body, &run) }
            } catch {
                let flow = settle(.failure(ShellError.from(error)), at: branch.line, &run)
                if flow != .next { return flow }
            }
        }
        return await perform(otherwise ?? [], &run)
    }

    private func loop(
        _ variable: String, over list: String, _ body: [Script.Node], at line: Int, _ run: inout ScriptRun
    ) async -> Flow {
        echo("for \(variable) in \(list)")
        let items: [String]
        do {
            items = try await listItems(list)
        } catch {
            return settle(.failure(ShellError.from(error)), at: line, &run)
        }
        for item in items {
            session.variables[variable] = item
            switch await perform(body, &run) {
            case .breakLoop: return .next
            case .exit(let code): return .exit(code)
            case .stop(let code): return .stop(code)
            case .next, .continueLoop: continue
            }
        }
        return .next
    }

    /// A loop's list: its words; one word that is a JSON array (`$last.sourceModels[*].id`, a variable set from
    /// one) gives its elements; `$(STATEMENT)` gives the lines the statement prints (`$(list --quiet)`).
    private func listItems(_ list: String) async throws -> [String] {
        if let inner = Script.commandSubstitution(list) { return try await captureLines(inner) }
        let words = try Tokenizer.tokenize(list, resolve: resolve, arguments: { session.arguments })
        if words.count == 1, let elements = (try? JSONParser.parse(words[0]))?.arrayValue {
            return elements.map(\.interpolationText)
        }
        return words
    }

    /// Runs a statement with what it prints kept rather than shown; its failure is the loop's.
    private func captureLines(_ statement: String) async throws -> [String] {
        let outer = console
        let capture = CapturingConsole(around: outer)
        console = capture
        let outcome = await execute(statement)
        console = outer
        switch outcome {
        case .success: return capture.lines
        case .failure(let error): throw error
        case .stopped(let code), .exit(let code):
            throw ShellError(.failure, "for: `\(statement)` in $(...) stopped with status \(code)")
        }
    }

    /// `--echo`: each statement after the prompt, before its output; a comment, the narration, as it is written.
    private func echo(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard echoStatements, !trimmed.isEmpty, !trimmed.hasPrefix("#!") else { return }
        if trimmed.hasPrefix("#") {
            console.write(renderer.dim(trimmed) + "\n")
            return
        }
        console.write(renderer.bold("pshell \(promptContext())> ") + text + "\n")
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
