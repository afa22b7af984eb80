import CoveoAPI
import Foundation

extension Shell {
    func setVariable(_ args: ParsedArguments) throws {
        guard let name = args.positionals.first else {
            let text = session.variables.keys.sorted().map { "\($0)=\(session.variables[$0] ?? "")" }.joined(separator: "\n")
            if !text.isEmpty { console.write(text + "\n") }
            return
        }
        let value = args.positionals.dropFirst().joined(separator: " ")
        switch name {
        case "on-error":
            switch value {
            case "continue": session.continueOnError = true
            case "stop": session.continueOnError = false
            default: throw ShellError.usage("set on-error: expected continue or stop, not '\(value)'")
            }
        case "max-wait":
            guard let seconds = Double(value), seconds >= 0 else {
                throw ShellError.usage("set max-wait: expected a number of seconds, not '\(value)'")
            }
            session.maximumRetryWait = seconds
        case "timeout":
            guard let seconds = Double(value), seconds > 0, seconds <= 86_400 else {
                throw ShellError.usage("set timeout: expected a number of seconds above 0, not '\(value)'")
            }
            session.network.timeout = .milliseconds(Int64(seconds * 1000))
        case "output":
            guard let format = OutputFormat(rawValue: value) else {
                throw ShellError.usage("set output: expected auto, json or pretty, not '\(value)'")
            }
            session.output = format
        default:
            guard Tokenizer.isName(name) else {
                throw ShellError.usage("set: '\(name)' is not a variable name (letters, digits and _, not starting with a digit)")
            }
            guard !["last", "env"].contains(name) else { throw ShellError.usage("set: $\(name) is reserved") }
            guard args.positionals.count >= 2 else { throw ShellError.usage("set: missing VALUE (usage: set NAME VALUE)") }
            session.variables[name] = value
        }
    }

    func assertion(_ args: ParsedArguments) throws {
        let (a, op, b) = (args.positionals[0], args.positionals[1], args.positionals[2])
        switch op {
        case "==": if a != b { throw ShellError.failure("assertion failed: '\(a)' == '\(b)'") }
        case "!=": if a == b { throw ShellError.failure("assertion failed: '\(a)' != '\(b)'") }
        default: throw ShellError.usage("assert: the operator must be == or !=, not '\(op)'")
        }
    }

    func sourceFile(_ args: ParsedArguments) async throws -> Outcome {
        let path = resolvePath(args.positionals[0])
        guard scriptStack.count < 32 else { throw ShellError.failure("source: scripts nested more than 32 deep (a loop?)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ShellError.failure("source: \(path): \(FileManager.default.fileExists(atPath: path) ? "cannot read it" : "no such file")")
        }
        let saved = session.arguments
        session.arguments = Array(args.positionals.dropFirst())
        defer { session.arguments = saved }
        let status = await runScript(String(decoding: data, as: UTF8.self), name: path)
        return status == 0 ? .success : .stopped(status)
    }

    /// `--step FILE`: the file's statements are typed at the prompt, but paths in them are relative to it.
    package func enterScript(_ path: String) {
        scriptStack.append(path)
    }

    /// Runs a script: statements joined across continuation lines, errors reported as `FILE:LINE:`,
    /// stop at the first failure unless `--keep-going` or `set on-error continue`. Returns the exit status.
    package func runScript(_ text: String, name: String, arguments: [String]? = nil) async -> Int32 {
        if let arguments { session.arguments = arguments }
        scriptStack.append(name)
        defer { scriptStack.removeLast() }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var failed = false
        var index = 0
        while index < lines.count {
            let firstLine = index + 1
            var statement = lines[index]
            index += 1
            if firstLine == 1, statement.hasPrefix("#!") { continue }
            while Tokenizer.needsContinuation(statement), index < lines.count {
                statement += "\n" + lines[index]
                index += 1
            }
            if statement.hasSuffix("\r") { statement.removeLast() }
            // `-c` has a single line: `error: ...` says enough without `-c:1:`.
            let location = name == "-c" ? nil : SourceLocation(file: name, line: firstLine)
            let outcome: Outcome
            if Tokenizer.needsContinuation(statement) {
                outcome = .failure(.usage("this statement never closes a quote, brace or bracket before the end of the file"))
            } else {
                if echoStatements, !statement.trimmingCharacters(in: .whitespaces).isEmpty, !statement.hasPrefix("#") {
                    console.write(renderer.bold("pshell \(promptContext())> ") + statement + "\n")
                }
                outcome = await execute(statement)
            }
            switch outcome {
            case .success:
                continue
            case .exit(let code):
                return code
            case .stopped(let code):
                if !(session.continueOnError || keepGoing) { return code }
                failed = true
            case .failure(let error):
                report(error, at: location)
                if error.kind == .cancelled { return error.exitCode }
                if !(session.continueOnError || keepGoing) { return error.exitCode }
                failed = true
            }
        }
        return failed ? 1 : 0
    }
}
