import CoveoAPI
import Foundation
@testable import Interpreter
import Testing

/// Issue 21's seams: a result kept without being printed (`-o none`, `-q`, `set output none`), the language's
/// blocks in `help`, and Tab on what the session holds (`$name`, `$last.path`) and on files (`@path`, `\i`).
@Suite struct ResultsAndTabTests {
    @Test func aResultCanBeKeptWithoutBeingPrinted() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create docs --visibility SHARED -q") == .success)
        #expect(await shell.execute("get docs -o none") == .success)
        #expect(await shell.execute("echo kept: $last.name") == .success)
        #expect(await shell.execute("set output none") == .success)
        #expect(await shell.execute("get docs") == .success)
        #expect(await shell.execute("list") == .success)
        // Only what is not a result still prints: echo's words.
        #expect(console.out == "kept: docs\n")
        #expect(console.err.isEmpty)
        // A failure is still one.
        guard case .failure(let missing) = await shell.execute("get nothing-here") else {
            Issue.record("get nothing-here succeeded")
            return
        }
        #expect(missing.message.contains("nothing-here"))
        // A table's -q keeps its meaning: the ids, one a line.
        #expect(await shell.execute("set output auto") == .success)
        #expect(await shell.execute("list -q") == .success)
        #expect(console.out.hasPrefix("kept: docs\ntestorg-"), "\(console.out)")
        guard case .failure(let refused) = await shell.execute("set output loud") else {
            Issue.record("set output loud was taken")
            return
        }
        #expect(refused.message == "set output: expected one of auto, json, pretty, csv, tsv, none, not 'loud'")
    }

    @Test func helpShowsTheLanguagesBlocks() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("help if") == .success)
        #expect(console.out.hasPrefix("usage: if CONDITION ... [else if CONDITION ...] [else ...] end\n"))
        #expect(console.out.contains("if get \"$name\" -q"))
        #expect(await shell.execute("help break") == .success)
        #expect(console.out.contains("usage: for NAME in WORDS..."))
        guard case .failure(let error) = await shell.execute("help fore") else {
            Issue.record("help fore was taken")
            return
        }
        #expect(error.message == "help: unknown command 'fore' (did you mean for?)")
        #expect(await shell.complete("help fo").candidates == ["for"])
    }

    /// Aliases complete as commands do, and after `unalias`.
    @Test func tabCompletesAliases() async {
        let shell = makeShell(RecordingConsole())
        #expect(await shell.execute("alias showmine 'list --filter $1'") == .success)
        #expect(await shell.complete("showm").candidates == ["showmine"])
        #expect(await shell.complete("sho").candidates.contains("showmine"))
        #expect(await shell.complete("unalias s").candidates == ["showmine"])
    }

    /// `help \i` (which arrives as `help i`: a backslash escapes) tells the meta-commands; `help provider create`
    /// the command's help, once the action is one of its own.
    @Test func helpTellsMetaCommandsAndTakesAnAction() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute(#"help \i"#) == .success)
        #expect(console.out.hasPrefix(#"usage: \i FILE | \e | \! COMMAND"#), "\(console.out)")
        console.clear()
        #expect(await shell.execute("help provider create") == .success)
        #expect(console.out.hasPrefix("provider — "))
        guard case .failure(let error) = await shell.execute("help provider frob") else {
            Issue.record("help provider frob was taken")
            return
        }
        #expect(error.message == "help: provider has no action 'frob' (its actions: create, get, list, delete)")
        // -q and an explicit -o json ask for two outputs: refused, not one of them silently.
        guard case .failure(let both) = await shell.execute("list -q -o json") else {
            Issue.record("list -q -o json was taken")
            return
        }
        #expect(both.message == "list: -q and -o json ask for different outputs; give one")
        #expect(await shell.execute("list -q -o none") == .success)
    }

    @Test func tabCompletesVariablesAndTheLastResult() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("set region_name docs") == .success)
        #expect(await shell.complete("echo $reg").candidates == ["$region_name"])
        #expect(await shell.complete("echo $la").candidates == ["$last"])
        #expect(await shell.execute("create docs --visibility SHARED -q") == .success)
        #expect(await shell.execute("get docs -q") == .success)
        #expect(await shell.complete("get $last.na").candidates == ["$last.name"])
        // A key that holds more offers its dot; the keys under it come next.
        #expect(await shell.complete("echo $last.infor").candidates == ["$last.information."])
        let deeper = await shell.complete("echo $last.information.sourceS").candidates
        #expect(deeper == ["$last.information.sourceStatus."])
        #expect(await shell.complete("echo $last.nothing.x").candidates.isEmpty)
        #expect(await shell.execute("list -o none") == .success)
        // An array offers the forms references read: [*] for every element, [0] for one; then their keys.
        #expect(
            await shell.complete("echo $last.sourceModels.").candidates == [
                "$last.sourceModels[*]", "$last.sourceModels[0]",
            ])
        #expect(await shell.complete("echo $last.sourceModels[*].na").candidates == ["$last.sourceModels[*].name"])
        #expect(await shell.complete("echo $last.sourceModels[0].na").candidates == ["$last.sourceModels[0].name"])
        // The braced form too, closed when a key is complete.
        #expect(await shell.complete("echo ${last.sourceMo").candidates == ["${last.sourceModels."])
        #expect(await shell.complete("echo ${last.sourceModels[0].na").candidates == ["${last.sourceModels[0].name}"])
    }

    @Test func tabCompletesPaths() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("items"), withIntermediateDirectories: true)
        try Data("[]".utf8).write(to: folder.appendingPathComponent("items/one.json"))
        try Data("echo hi".utf8).write(to: folder.appendingPathComponent("setup.pshell"))
        try Data("x".utf8).write(to: folder.appendingPathComponent(".hidden"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let shell = makeShell(RecordingConsole())
        let base = folder.path + "/"
        #expect(await shell.complete("push docs @\(base)it").candidates == ["@\(base)items/"])
        #expect(await shell.complete("push docs @\(base)items/").candidates == ["@\(base)items/one.json"])
        #expect(await shell.complete("source \(base)se").candidates == ["\(base)setup.pshell"])
        #expect(await shell.complete("\\i \(base)").candidates == ["\(base)items/", "\(base)setup.pshell"])
        #expect(await shell.complete("\\i \(base).h").candidates == ["\(base).hidden"])
        #expect(await shell.complete("push docs x --file \(base)items/o").candidates == ["\(base)items/one.json"])
        // A path with a space is quoted, a folder's quote left open so that Tab goes on into it.
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("sub dir"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: folder.appendingPathComponent("sub dir/two.json"))
        #expect(await shell.complete("push docs @\(base)su").candidates == ["\"@\(base)sub dir/"])
        #expect(await shell.complete("push docs \"@\(base)sub dir/").candidates == ["\"@\(base)sub dir/two.json\""])
    }

    /// A dry run is a client that answers for what it holds: `create --with-provider` shows the source, the
    /// provider naming it and the source's reference to it, in order, with `-q` too; its notes say nothing was sent.
    @Test func aDryRunShowsEveryRequestInOrder() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create sec --visibility SECURED --with-provider --dry-run -q") == .success)
        let shown = console.out.split(separator: "\n").filter { $0.hasSuffix(" HTTP/1.1") }.map {
            $0.split(separator: " ").first.map(String.init) ?? ""
        }
        #expect(shown == ["POST", "POST", "PUT"], "\(console.out)")
        #expect(console.out.contains("/sources/dry-run%3Asource.id HTTP/1.1"))
        #expect(
            console.err.contains("note: dry run (nothing sent): created the SECURED source 'sec'"), "\(console.err)")
        #expect(await shell.execute("echo $last.id $last.securityProviderReferences") == .success)
        #expect(console.out.hasSuffix("dry-run:source.id [\"SecProvider\"]\n"))
        #expect(await shell.execute("list -o json") == .success)
        #expect(!console.out.contains("\"name\":\"sec\""), "nothing was made")
    }
}
