import Foundation
import CoveoAPI

/// A command that calls the API and needs nothing else of the interpreter: it is handed a `CommandContext` and
/// returns a `CommandResult`, which the interpreter renders in one place (`Shell.render`), setting `$last`. Its
/// work is its own: control never goes back into the interpreter for it. It runs where it is called, on the
/// interpreter's executor (`nonisolated(nonsending)`): a hop to another thread and back would cost each statement
/// more than its own work (measured: 0.20 ms of CPU per `get` became 0.25).
protocol APICommand: ShellCommand {
    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult
}

extension APICommand {
    static var callsTheAPI: Bool { true }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let result = try await run(args, try await shell.commandContext())
        try shell.render(result, args)
        return .success
    }
}

/// What an API command may touch.
struct CommandContext: Sendable {
    /// The client for the session's target, a dry run already folded in.
    let client: CoveoClient
    /// Sources by id or name, and the names Tab offers (a command that makes or deletes one says so).
    let sources: SourceDirectory
    /// To ask a question or say a note on; a result is returned, never written here.
    let console: any Console
    /// The time of day (fixed in tests).
    let clock: WallClock
    /// The user's files and `--body`, from the running script's folder.
    let inputs: Inputs
    /// How a destructive command asks first.
    let confirmation: Confirmation
    /// What only a pshell sandbox answers.
    let sandboxRoutes: SandboxRoutes
    /// The session's output format (`set output`), which `-o` overrides.
    let output: OutputFormat
    /// Where an API key made now works (for the profile it may be saved to), and the console that reveals its
    /// value once.
    let keyHome: SourceKeys.Home
    let masking: MaskingConsole

    /// API keys for a Push source, through the command's client, their value shown once on its console.
    var keys: SourceKeys {
        SourceKeys(client: client, console: console, masking: masking, home: keyHome, inputs: inputs)
    }

    /// Whether nothing is sent that changes anything (`--dry-run`, `dry-run on`).
    var dryRun: Bool { client.dryRun != .off }

    /// The format the result is rendered in: `-o`'s, or the session's.
    func format(_ args: ParsedArguments) -> OutputFormat {
        OutputFormat.of(args, session: output)
    }
}

/// What a command produced.
enum CommandResult: Sendable {
    /// Nothing was done (the user declined the command's question): nothing to show, `$last` stays as it was,
    /// and `record` leaves the statement out.
    case nothing
    /// A value: coloured, indented JSON on a terminal, compact JSON otherwise.
    case value(JSON)
    /// What a command did: a line for people, the same as JSON with `-o json|pretty`.
    case summary(JSON, prose: String)
    /// Rows for a terminal (or csv, tsv, ids alone, as asked), the JSON for everything else.
    case table(JSON, Table)
    /// A value kept as `$last` and not shown: what a failure leaves for the script to read.
    case kept(JSON)
    /// A result, then a note for people (on a terminal, with no `-o`) and a failure to report after it (items
    /// rejected: the push is shown, and the statement fails).
    indirect case followed(CommandResult, note: String? = nil, failure: ShellError? = nil)
}

/// A result's rows, and what people are told around them.
struct Table: Sendable {
    var headers: [String]
    var rows: [[String]]
    /// A line under the table on a terminal (which page, how many): not data, so never in csv or JSON.
    var note: String?
    /// Said on a terminal in place of a table with no rows ("No sources.").
    var empty: String?
    /// The column `-q` prints: the ids a loop wants.
    var idColumn = 0
}

extension Shell {
    func commandContext() async throws -> CommandContext {
        CommandContext(
            client: try await client(), sources: sources, console: console, clock: clock, inputs: inputs,
            confirmation: confirmation,
            sandboxRoutes: SandboxRoutes(control: connections.sandboxControl, target: session.target),
            output: session.output,
            keyHome: SourceKeys.Home(
                organization: session.organization ?? connections.sandbox?.organization ?? "", target: session.target,
                sandboxURL: connections.sandbox?.url,
                caFile: session.network.extraCAFiles.last.map { URL(fileURLWithPath: $0).standardizedFileURL.path }),
            masking: masking)
    }

    /// Prints a command's result (in one place: `ResultPrinter`) and keeps it as `$last`.
    func render(_ result: CommandResult, _ args: ParsedArguments) throws {
        // A command that shows nothing was declined at its question: it did nothing, and a replay must not.
        if case .nothing = result { recorder?.skipDeclined() }
        let printed = printer.print(result, args)
        if let last = printed.last { session.last = last }
        if let failure = printed.failure { throw failure }
    }

    var printer: ResultPrinter {
        ResultPrinter(console: console, output: session.output, dryRun: currentDryRun != .off)
    }
}
