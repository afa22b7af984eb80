import CoveoAPI
import Foundation

extension Shell {

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
                outcome = .failure(
                    .usage("this statement never closes a quote, brace or bracket before the end of the file"))
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
