import Foundation
import Testing

/// The prompt's built-in sandbox is kept from one session to the next, in `$XDG_DATA_HOME/pshell/sandbox.db`;
/// `sandbox reset` empties it; scripts still start it empty. Driven under tmux, as a person would.
@Suite(.serialized) struct SandboxStateTests {
    static let prompt = "pshell sandbox:pshellsandbox>"

    /// Types `line` and waits for `shown`.
    private func run(_ t: TmuxSession, _ line: String, until shown: String) throws {
        try t.type(line)
        try t.press("Enter")
        #expect(t.waitFor(text: shown), "\(line): \(t.screen)")
    }

    @Test func whatIsMadeAtThePromptIsThereTheNextTime() throws {
        let home = try temporaryHome()
        let first = try TmuxSession(arguments: ["--no-pager"], home: home)
        #expect(first.waitFor(text: Self.prompt), "\(first.screen)")
        #expect(first.screen.contains("Kept in ~/.local/share/pshell/sandbox.db between sessions"), "\(first.screen)")
        try run(first, "create Kept --visibility SHARED", until: "pshellsandbox-")
        try first.press("C-d")
        #expect(first.waitFor(text: "PSHELL-EXITED=0"), "\(first.screen)")
        #expect(!first.screen.contains("discarded"), "\(first.screen)")
        let file = home.appending(path: ".local/share/pshell/sandbox.db").path
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the file holds the sandbox's administrator key")

        // A script starts its sandbox empty, the prompt's file untouched.
        let script = try runPShell(["-c", "list --quiet"], home: home)
        #expect(script.status == 0 && script.stdout.isEmpty, "\(script.stdout)\(script.stderr)")

        let second = try TmuxSession(arguments: ["--no-pager"], home: home)
        #expect(second.waitFor(text: Self.prompt), "\(second.screen)")
        try run(second, "list -o csv", until: ",Kept,")
        try run(second, "sandbox reset", until: "[y/N]")
        #expect(second.screen.contains("Empty the built-in sandbox (kept in"), "\(second.screen)")
        try run(second, "y", until: "the built-in sandbox is empty now, with new keys")
        // The session's key follows the new sandbox's: the next command is authorized.
        try run(second, "list", until: "No sources.")
        try second.press("C-d")
        #expect(second.waitFor(text: "PSHELL-EXITED=0"), "\(second.screen)")

        let third = try TmuxSession(arguments: ["--no-pager"], home: home)
        #expect(third.waitFor(text: Self.prompt), "\(third.screen)")
        try run(third, "list", until: "No sources.")
    }

    @Test func aSecondPromptGoesOnInMemoryWhileTheFirstHoldsTheFile() throws {
        let home = try temporaryHome()
        let data = home.appending(path: "data").path
        let first = try TmuxSession(arguments: ["--no-pager"], home: home, environment: ["XDG_DATA_HOME": data])
        #expect(first.waitFor(text: Self.prompt), "\(first.screen)")
        #expect(first.screen.contains("Kept in ~/data/pshell/sandbox.db"), "\(first.screen)")
        try run(first, "create Held --visibility SHARED", until: "pshellsandbox-")
        let second = try TmuxSession(arguments: ["--no-pager"], home: home, environment: ["XDG_DATA_HOME": data])
        #expect(second.waitFor(text: Self.prompt), "\(second.screen)")
        // Its banner says so before anything runs, not "Kept in".
        #expect(second.screen.contains("In memory: another pshell's sandbox holds ~/data/pshell/sandbox.db"))
        #expect(!second.screen.contains("Kept in"), "\(second.screen)")
        try run(second, "list", until: "No sources.")
        // Its sources go with it, and Ctrl-D says so.
        try run(second, "create Scratch --visibility SHARED", until: "pshellsandbox-")
        try second.press("C-d")
        #expect(second.waitFor(text: "is discarded now, with its 1 source(s)"), "\(second.screen)")
        try run(first, "list -o csv", until: ",Held,")
    }

    /// A damaged file at the default place leaves the prompt working, in memory, and says how to mend it.
    @Test func aDamagedFileIsSaidAndResetMendsIt() throws {
        let home = try temporaryHome()
        let folder = home.appending(path: ".local/share/pshell")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appending(path: "sandbox.db")
        try Data("not a database".utf8).write(to: file)
        let first = try TmuxSession(arguments: ["--no-pager"], home: home)
        #expect(first.waitFor(text: Self.prompt), "\(first.screen)")
        try run(first, "list", until: "No sources.")
        #expect(first.screen.contains("note: the sandbox cannot be kept in"), "\(first.screen)")
        try run(first, "sandbox reset --yes", until: "the built-in sandbox is empty now")
        #expect(first.screen.contains("kept as"), "\(first.screen)")
        let aside = try Data(contentsOf: folder.appending(path: "sandbox.db.damaged"))
        #expect(aside == Data("not a database".utf8), "the damaged file is set aside, not deleted")
        try run(first, "create Mended --visibility SHARED", until: "pshellsandbox-")
        try first.press("C-d")
        #expect(first.waitFor(text: "PSHELL-EXITED=0"), "\(first.screen)")
        let second = try TmuxSession(arguments: ["--no-pager"], home: home)
        #expect(second.waitFor(text: Self.prompt), "\(second.screen)")
        try run(second, "list -o csv", until: ",Mended,")
    }

    @Test func noSandboxStateKeepsNothing() throws {
        let home = try temporaryHome()
        let both = try runPShell(["--no-sandbox-state", "--sandbox-state", "x.db", "-c", "list"], home: home)
        #expect(both.status == 64 && both.stderr.contains("cannot be used together"), "\(both.stderr)")
        let t = try TmuxSession(arguments: ["--no-pager", "--no-sandbox-state"], home: home)
        #expect(t.waitFor(text: Self.prompt), "\(t.screen)")
        #expect(!t.screen.contains("Kept in"), "\(t.screen)")
        try run(t, "list", until: "No sources.")
        #expect(!FileManager.default.fileExists(atPath: home.appending(path: ".local/share/pshell").path))
    }
}
