import CoveoAPI
import Foundation

/// One run of a script, or of the statements typed on one line: it walks the blocks, evaluates `if`'s conditions
/// and `for`'s lists, and settles each statement's outcome (`$status`, the report, whether the run goes on). It runs
/// on the interpreter's executor: every statement is the interpreter's.
struct ScriptRun {
    var file: String?
    /// The exit status of the last failure when the script went on after it.
    var failure: Int32?

    func location(_ line: Int) -> SourceLocation? { file.map { SourceLocation(file: $0, line: line) } }

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

    /// A script is parsed whole before anything runs: a block left open is found before anything is sent.
    static func parse(_ text: String, file: String?, in shell: isolated Shell) -> Script? {
        do {
            return try Script(text)
        } catch {
            shell.report(
                ShellError(.syntax, error.message), at: file.map { SourceLocation(file: $0, line: error.line) })
            return nil
        }
    }

    mutating func perform(_ nodes: [Script.Node], in shell: isolated Shell) async -> Flow {
        for node in nodes {
            let flow: Flow
            switch node {
            case .statement(let text, let line):
                flow = await statement(text, at: line, in: shell)
            case .conditional(let branches, let otherwise, _):
                flow = await block(node, in: shell) { await $0.conditional(branches, otherwise, in: shell) }
            case .loop(let variable, let list, let body, let line):
                flow = await block(node, in: shell) { await $0.loop(variable, over: list, body, at: line, in: shell) }
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
    private mutating func block(
        _ node: Script.Node, in shell: isolated Shell, _ body: (inout ScriptRun) async -> Flow
    ) async -> Flow {
        let outermost = !shell.recordingBlock
        shell.recordingBlock = true
        let failure = self.failure
        let flow = await body(&self)
        guard outermost else { return flow }
        shell.recordingBlock = false
        // A block that ran without a failure is kept once, as written, not each statement it ran.
        if flow == .next, self.failure == failure, !shell.session.dryRun {
            shell.keep(node.source, command: "block", createdID: nil)
        }
        return flow
    }

    private mutating func statement(_ text: String, at line: Int, in shell: isolated Shell) async -> Flow {
        let outcome: Outcome
        if Tokenizer.needsContinuation(text) {
            outcome = .failure(
                .usage(
                    "this statement never closes a quote, brace or bracket before the end of the "
                        + (file == nil ? "line" : "file")))
        } else {
            Self.echo(text, in: shell)
            outcome = await shell.execute(text)
        }
        return settle(outcome, at: line, in: shell)
    }

    /// What a statement's outcome means for the script: `$status`, the report, and whether it goes on.
    mutating func settle(_ outcome: Outcome, at line: Int, in shell: isolated Shell) -> Flow {
        let goesOn = shell.session.continueOnError || shell.options.keepGoing
        switch outcome {
        case .success:
            shell.session.status = 0
            return .next
        case .exit(let code):
            return .exit(code)
        case .stopped(let code):
            shell.session.status = code
            if !goesOn { return .stop(code) }
            failure = code
            return .next
        case .failure(let error):
            shell.report(error, at: location(line))
            shell.session.status = error.exitCode
            if error.kind == .cancelled || !goesOn { return .stop(error.exitCode) }
            failure = error.exitCode
            return .next
        }
    }

    private mutating func conditional(
        _ branches: [Script.Branch], _ otherwise: [Script.Node]?, in shell: isolated Shell
    ) async -> Flow {
        for branch in branches {
            Self.echo((branch.line == branches[0].line ? "if " : "else if ") + branch.condition, in: shell)
            do {
                if try await Self.holds(branch.condition, in: shell) { return await perform(branch.body, in: shell) }
            } catch {
                let flow = settle(.failure(ShellError.from(error)), at: branch.line, in: shell)
                if flow != .next { return flow }
            }
        }
        return await perform(otherwise ?? [], in: shell)
    }

    private mutating func loop(
        _ variable: String, over list: String, _ body: [Script.Node], at line: Int, in shell: isolated Shell
    ) async -> Flow {
        Self.echo("for \(variable) in \(list)", in: shell)
        let items: [String]
        do {
            items = try await Self.listItems(list, in: shell)
        } catch {
            return settle(.failure(ShellError.from(error)), at: line, in: shell)
        }
        for item in items {
            shell.session.variables[variable] = item
            switch await perform(body, in: shell) {
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
    private static func listItems(_ list: String, in shell: isolated Shell) async throws -> [String] {
        if let inner = Script.commandSubstitution(list) { return try await captureLines(inner, in: shell) }
        let words = try Tokenizer.tokenize(list, resolve: shell.resolve, arguments: { shell.session.arguments })
        if words.count == 1, let elements = (try? JSONParser.parse(words[0]))?.arrayValue {
            return elements.map(\.interpolationText)
        }
        return words
    }

    /// Runs a statement with what it prints kept rather than shown; its failure is the loop's.
    private static func captureLines(_ statement: String, in shell: isolated Shell) async throws -> [String] {
        let outer = shell.console
        let capture = CapturingConsole(around: outer)
        shell.console = capture
        let outcome = await shell.execute(statement)
        shell.console = outer
        switch outcome {
        case .success: return capture.lines
        case .failure(let error): throw error
        case .stopped(let code), .exit(let code):
            throw ShellError(.failure, "for: `\(statement)` in $(...) stopped with status \(code)")
        }
    }

    /// `--echo`: each statement after the prompt, before its output; a comment, the narration, as it is written.
    private static func echo(_ text: String, in shell: isolated Shell) {
        guard shell.options.echo else { return }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#!") else { return }
        if trimmed.hasPrefix("#") {
            shell.console.write(shell.renderer.dim(trimmed) + "\n")
            return
        }
        shell.console.write(shell.renderer.bold("pshell \(shell.promptContext())> ") + text + "\n")
    }
}
