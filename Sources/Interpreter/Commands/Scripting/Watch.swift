import CoveoAPI
import Foundation

/// `watch SECONDS STATEMENT` (psql's `\watch`): run a statement again and again, until Ctrl-C or `--count N`
/// rounds; on a terminal each round clears the screen and redraws under a line saying what and when.
struct WatchCommand: ShellCommand {
    static let words = CommandSpec.Positional("[--count N] SECONDS STATEMENT", variadic: true)

    static let spec = CommandSpec(
        name: "watch", group: .scripting, summary: "Run a statement every SECONDS until Ctrl-C (psql's \\watch)",
        positionals: [words], options: [], example: "watch 5 logs 'My docs'",
        details: """
            Follows what changes: a source's status, its logs, a search. `--count N` (before SECONDS) stops after N
            rounds. On a terminal each round clears the screen and redraws; otherwise the rounds follow each other.
            A round that fails stops it. At the prompt, `\\watch 5 logs 'My docs'` is the same.
            """,
        wordsOnly: true)

    /// `record` keeps a watch once: as typed with `--count` (a replay that ends), else its statement run once.
    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let (count, seconds, statement) = try parse(args.words(words))
        let typed = count.map { "watch --count \($0) \(Self.text(seconds)) \(statement)" } ?? statement
        var succeeded = 0
        return await RecordedOnce.run(typed, command: "watch", in: shell, keeps: { _ in succeeded > 0 }) {
            await rounds(count, seconds, statement, in: shell) { succeeded += 1 }
        }
    }

    private static func rounds(
        _ count: Int?, _ seconds: Double, _ statement: String, in shell: isolated Shell, succeeded: () -> Void
    ) async -> Outcome {
        var round = 0
        while true {
            round += 1
            if shell.console.isTerminal {
                let time = EpochMilliseconds.iso8601(shell.clock.now())
                shell.console.write(
                    "\u{1B}[H\u{1B}[2J"
                        + shell.renderer.dim("Every \(Self.text(seconds)) s: \(statement)   (\(time); Ctrl-C stops)")
                        + "\n\n")
            }
            let outcome = await shell.execute(statement)
            if outcome != .success { return outcome }
            succeeded()
            if let count, round >= count { return .success }
            do {
                try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            } catch {
                // Ctrl-C is how a watch ends: $status says so (130), as a shell's does for a command it stopped.
                return .failure(ShellError(.cancelled, "watch: stopped after \(round) round\(round == 1 ? "" : "s")"))
            }
        }
    }

    /// `[--count N] SECONDS STATEMENT...`, the statement's words quoted back as typed.
    static func parse(_ words: [String]) throws(ShellError) -> (count: Int?, seconds: Double, statement: String) {
        var words = words[...]
        var count: Int?
        if let first = words.first, first == "--count" || first == "-n" {
            guard words.count > 1, let number = Int(words[words.startIndex + 1]), number >= 1 else {
                throw .usage("watch: --count needs a whole number of rounds, 1 or more")
            }
            count = number
            words = words.dropFirst(2)
        }
        guard let first = words.first, let seconds = Double(first), seconds.isFinite, seconds >= 0.1,
            seconds <= 86_400
        else {
            throw .usage(
                "watch: expected SECONDS (0.1 to 86400) then a statement, as in `watch 5 logs 'My docs'`"
                    + (words.first.map { ", not '\($0)'" } ?? ""))
        }
        let statement = words.dropFirst().map(Tokenizer.quote).joined(separator: " ")
        guard let name = words.dropFirst().first else { throw .usage("watch: missing the STATEMENT to run") }
        // Each round would start a recording over the last one, or end the session.
        guard !["watch", "exit", "record"].contains(name) else { throw .usage("watch: cannot watch `\(name)`") }
        return (count, seconds, statement)
    }

    private static func text(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? String(Int(seconds)) : String(seconds)
    }
}
