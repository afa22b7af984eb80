import Foundation
import CoveoAPI
import Interpreter
import LineEditor

/// One flag of the pshell process. The table below is what the parser, `--help`, the manual page and the completion
/// scripts all read (`pshell sandbox` and `pshell kernel` have tables of their own). It is a table, not
/// swift-argument-parser's property wrappers: those are found at run time by
/// reflection, whose type lookups each scan every protocol conformance of the binary; that was three quarters of
/// the instructions of `pshell -c help`.
struct ProcessOption: Sendable {
    enum Completion: Sendable {
        case none
        case files(extension: String?)
        case values([String])
        /// The REPL's commands (the start of a `-c` statement).
        case commands

        var isFiles: Bool { if case .files = self { true } else { false } }
    }

    let long: String
    let short: Character?
    /// The value's name in help (`FILE`); nil: a flag, which takes none.
    let valueName: String?
    /// May be given more than once, each value kept (`-v A=1 -v B=2`); otherwise the last one given wins.
    let repeatable: Bool
    /// What the run is (`-c`, `-f`): given twice, the first would be dropped without a word, so it is refused; once
    /// given, a dashed word the table does not hold is taken for one of the script's.
    let once: Bool
    let help: String
    let completion: Completion

    init(
        _ long: String, short: Character? = nil, value: String? = nil, repeatable: Bool = false, once: Bool = false,
        completion: Completion = .none, _ help: String
    ) {
        self.long = long
        self.short = short
        self.valueName = value
        self.repeatable = repeatable
        self.once = once
        self.help = help
        self.completion = completion
    }

    /// `-c, --command STATEMENT`, as help shows it.
    var label: String {
        let names = (short.map { "-\($0), " } ?? "") + "--" + long
        return valueName.map { names + " " + $0 } ?? names
    }

    static let all: [ProcessOption] = [
        ProcessOption(
            "command", short: "c", value: "STATEMENT", once: true, completion: .commands,
            "Run one statement (or several, with ;) and exit."),
        ProcessOption(
            "file", short: "f", value: "FILE", once: true, completion: .files(extension: "pshell"),
            "Run this script (as psql -f)."),
        ProcessOption(
            "set", short: "v", value: "NAME=VALUE", repeatable: true,
            "Set a variable before the script runs (repeatable)."),
        ProcessOption(
            "check",
            "Check the scripts (SCRIPT..., -f or -c) without running them: each problem as FILE:LINE:, exit 65."),
        ProcessOption("dry-run", "Send nothing: print each request a command would send (the whole script goes on)."),
        ProcessOption("org", value: "ID", "The organization id."),
        ProcessOption(
            "region", value: "REGION", completion: .values(Region.allCases.map(\.rawValue)),
            "The region: us, eu, au or ca."),
        ProcessOption(
            "environment", value: "ENVIRONMENT", completion: .values(PlatformEnvironment.allCases.map(\.rawValue)),
            "The environment: prod, hipaa, dev or stg."),
        ProcessOption("platform-url", value: "URL", "A custom platform base URL."),
        ProcessOption("push-url", value: "URL", "A custom Push API base URL (default: --platform-url's host)."),
        ProcessOption(
            "profile", value: "NAME", completion: .files(extension: "json"),
            "A named profile (profiles/NAME.json in pshell's config folder) or a profile file (JSON)."),
        ProcessOption("sandbox", "Use the built-in sandbox whatever is configured."),
        ProcessOption("keep-going", "Keep running a script after a command fails."),
        ProcessOption("echo", "Print each statement of the script, after the prompt, before its output (a live demo)."),
        ProcessOption(
            "step",
            "Type each line of the script at the prompt and wait: Enter runs it (edit it first if you like), Ctrl-C "
                + "skips it."),
        ProcessOption(
            "auto", value: "SECONDS",
            "With --step: type each statement at a person's pace, run it, pause this long; Ctrl-C hands over."),
        ProcessOption("yes", short: "y", "Never ask for confirmation."),
        ProcessOption(
            "max-wait", value: "SECONDS",
            "The most seconds one call may wait to retry 429, 5xx and dropped connections (default 120)."),
        ProcessOption(
            "timeout", value: "SECONDS",
            "The most seconds one request may take, its whole answer included (redirects too; default 60)."),
        ProcessOption(
            "cacert", value: "FILE", completion: .files(extension: nil),
            "Trust this CA (PEM) on top of the system's, for a company proxy that inspects TLS (also PSHELL_CA_FILE)."),
        ProcessOption(
            "sandbox-faults", value: "FAULTS",
            "Faults the built-in sandbox injects, e.g. 429=0.2,503=0.05,reset=0.02 (see `pshell sandbox --help`)."),
        ProcessOption(
            "sandbox-state", value: "FILE", completion: .files(extension: nil),
            "Keep the built-in sandbox's state in this file (SQLite) from one run to the next (the prompt keeps it in "
                + "$XDG_DATA_HOME/pshell/sandbox.db without it)."),
        ProcessOption(
            "no-sandbox-state",
            "At the prompt, keep the built-in sandbox in memory only: it starts empty and goes with pshell."),
        ProcessOption(
            "clock", value: "DATE-TIME",
            "Start the clock at this instant (ISO 8601), for the built-in sandbox and the shell alike: a lesson or a "
                + "test shows the same dates on any day. Time still moves on from there."),
        ProcessOption(
            "output", short: "o", value: "FORMAT", completion: .values(OutputFormat.allCases.map(\.rawValue)),
            "Output: \(OutputFormat.names) (auto by default; errors too are JSON with json)."),
        ProcessOption(
            "color", value: "WHEN", completion: .values(["auto", "always", "never"]), "Colour: auto, always or never."),
        ProcessOption("no-history", "Do not read or write the history file."),
        ProcessOption("no-rc", "Do not run the start-up file ($XDG_CONFIG_HOME/pshell/pshellrc)."),
        ProcessOption("rc", "Run the start-up file before -c or a script too (the prompt always does)."),
        ProcessOption(
            "no-pager",
            "At the prompt, never page output taller than the terminal (also `set pager off`, `\\pset pager off`)."),
        ProcessOption(
            "machine",
            "JSON requests in, JSON answers out, one a line, the session kept: for programs (see the README)."),
        ProcessOption(
            "verbose", "Log every HTTP request (method, URL, status, time; tokens masked) to standard error."),
        ProcessOption(
            "generate-completion-script", value: "SHELL",
            completion: .values(CompletionScript.Shell.allCases.map(\.rawValue)),
            "Print the completion script for bash, zsh or fish."),
        ProcessOption("version", "Print the version and its commit."),
        ProcessOption("help", short: "h", "Show this help."),
    ]

    /// What the positional words are, as help shows them.
    static let positionalHelp = "A script to run (- for standard input), and its arguments ($1...$9, $@)."
}

/// The process's words, parsed: the options by long name, and the rest in order.
struct ProcessArguments {
    /// `pshell`, or `pshell sandbox`: what a hint names.
    let program: String
    /// The table the words were read against.
    let options: [ProcessOption]
    private(set) var values: [String: [String]] = [:]
    private(set) var positionals: [String] = []

    func value(_ long: String) -> String? { values[declared(long)]?.last }
    func all(_ long: String) -> [String] { values[declared(long)] ?? [] }
    func has(_ long: String) -> Bool { values[declared(long)] != nil }

    /// A flag read by a name the table does not hold would never be set: a test run stops there.
    private func declared(_ long: String) -> String {
        assert(options.contains { $0.long == long }, "--\(long) is not in \(program)'s table")
        return long
    }

    /// A whole number from `range`, or nil when not given.
    func integer(_ long: String, in range: ClosedRange<Int>) throws(PShell.UsageError) -> Int? {
        guard let text = value(long) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw PShell.UsageError(
                message: "--\(long) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
            )
        }
        return number
    }

    /// A number of seconds, or nil when not given.
    func seconds(_ long: String) throws(PShell.UsageError) -> Double? {
        guard let text = value(long) else { return nil }
        guard let number = ParsedArguments.decimal(text) else {
            throw PShell.UsageError(message: "--\(long) takes a number of seconds, not '\(text)'")
        }
        return number
    }

    /// As getopt reads them: options anywhere, `--long VALUE` or `--long=VALUE`, `-c VALUE` or
    /// `-cVALUE`, short flags together (`-yc STATEMENT`), `--` ending the options, `-` a word (standard input).
    static func parse(
        _ words: [String], program: String, options: [ProcessOption]
    ) throws(PShell.UsageError) -> ProcessArguments {
        var parsed = ProcessArguments(program: program, options: options)
        var index = 0
        var optionsEnded = false
        func next(for option: ProcessOption, as written: String) throws(PShell.UsageError) -> String {
            guard index < words.count else {
                throw PShell.UsageError(message: "\(written) needs a value (\(written) \(option.valueName ?? ""))")
            }
            index += 1
            return words[index - 1]
        }
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || word == "-" || !word.hasPrefix("-") {
                parsed.positionals.append(word)
            } else if word == "--" {
                optionsEnded = true
            } else if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let inline = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
                guard let option = options.first(where: { $0.long == name }) else {
                    let names = options.map { "--" + $0.long }
                    throw unknown("--" + name, names, parsed, words, at: index - 1)
                }
                if option.valueName == nil {
                    guard inline == nil else { throw PShell.UsageError(message: "--\(name) takes no value") }
                    try parsed.add(option, "")
                } else if let inline {
                    try parsed.add(option, inline)
                } else {
                    try parsed.add(option, next(for: option, as: "--" + name))
                }
            } else {
                // A cluster of short options: flags, the last of which may take the rest as its value.
                var rest = Substring(word.dropFirst())
                while let letter = rest.first {
                    rest = rest.dropFirst()
                    guard let option = options.first(where: { $0.short == letter }) else {
                        throw unknown("-\(letter)", [], parsed, words, at: index - 1)
                    }
                    guard option.valueName != nil else {
                        try parsed.add(option, "")
                        continue
                    }
                    let attached = rest.hasPrefix("=") ? String(rest.dropFirst()) : String(rest)
                    try parsed.add(option, attached.isEmpty ? next(for: option, as: "-\(letter)") : attached)
                    break
                }
            }
        }
        return parsed
    }

    private mutating func add(_ option: ProcessOption, _ value: String) throws(PShell.UsageError) {
        if option.once, values[option.long] != nil {
            let written = option.short.map { "-\($0)" } ?? "--" + option.long
            throw PShell.UsageError(message: "\(written) is given twice: one \(option.valueName ?? "value") a run")
        }
        values[option.long] = option.repeatable ? (values[option.long] ?? []) + [value] : [value]
    }

    /// `unknown option`, with the flag meant, or once a script is named the line again with the `--` its
    /// arguments need before the word.
    private static func unknown(
        _ written: String, _ candidates: [String], _ parsed: ProcessArguments, _ words: [String], at index: Int
    ) -> PShell.UsageError {
        let hint = ParsedArguments.suggestion(written, candidates)
        let runGiven = parsed.options.contains { $0.once && parsed.values[$0.long] != nil }
        let scripted = !parsed.positionals.isEmpty || runGiven
        let line = (words[..<index] + ["--"] + words[index...]).map(Tokenizer.quote)
        let said =
            if !hint.isEmpty { hint } else if scripted {
                " (a script's arguments that start with - go after --: "
                    + "\(parsed.program) \(line.joined(separator: " ")))"
            } else { " (\(parsed.program) --help lists them)" }
        return PShell.UsageError(message: "unknown option '\(written)'" + said)
    }
}

extension ProcessArguments {
    /// A program's words read once: its help printed when asked (status 0), a mistake in them or in what `make`
    /// makes of them one line on standard error (status 64); else what `make` made. pshell, `pshell sandbox` and
    /// `pshell kernel` read theirs here.
    static func read<Command>(
        _ words: [String], program: String, options: [ProcessOption], help: (_ columns: Int) -> String,
        _ make: (ProcessArguments) throws(PShell.UsageError) -> Command
    ) -> Command {
        do {
            let arguments = try parse(words, program: program, options: options)
            if arguments.has("help") {
                print(help(Terminal.columns(STDOUT_FILENO) ?? 80), terminator: "")
                exit(0)
            }
            return try make(arguments)
        } catch {
            exit(usageError(error.message, program: program))
        }
    }

    /// `PROGRAM: error: MESSAGE` on standard error, what a flag echoes back made visible; the usage status.
    static func usageError(_ message: String, program: String) -> Int32 {
        StandardConsole.write("\(program): error: \(Redaction.visible(message))\n", to: STDERR_FILENO)
        return ExitStatus.usage
    }
}
