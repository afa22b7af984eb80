import CoveoAPI
import Foundation
import Interpreter
import Testing

/// `search` and `why` in the interpreter: a search token never shows, `why` walks groups and says which set
/// decided, and bad input is one clear line.
@Suite struct SearchCommandTests {
    /// A SECURED source whose provider holds `engineering` (alice), nested in `staff`; an item for staff.
    func secured(_ shell: Shell) async {
        for statement in [
            "create docs --visibility SECURED --with-provider",
            "identity DocsProvider set engineering --type group --member alice@example.com",
            "identity DocsProvider set staff --type group --member engineering:group",
            "push docs guide --title Guide --data 'the handbook' --allow staff:group --wait",
        ] {
            #expect(await shell.execute(statement) == .success, "\(statement)")
        }
    }

    @Test func aSearchTokenNeverShows() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        await secured(shell)
        #expect(await shell.execute("trace on") == .success)
        console.clear()
        #expect(await shell.execute("search handbook --as alice@example.com -o json") == .success)
        #expect(console.err.contains("POST http://127.0.0.1:"), "\(console.err)")
        #expect(console.err.contains("\"token\": \"••••"), "\(console.err)")
        #expect(!console.err.contains("eyJ"), "\(console.err)")
        #expect(!console.out.contains("eyJ"))
        #expect(console.out.contains("\"totalCount\":1"), "\(console.out)")
        #expect(await shell.execute("trace off") == .success)
        console.clear()
        #expect(await shell.execute("curl") == .success)
        #expect(console.out.contains("a search token for the same user"), "\(console.out)")
    }

    @Test func whyWalksNestedGroups() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        await secured(shell)
        console.clear()
        #expect(await shell.execute("why guide --as alice@example.com") == .success)
        #expect(console.out.hasPrefix("alice@example.com sees 'guide'"), "\(console.out)")
        #expect(
            console.out.contains(
                "→ member of group 'engineering' (DocsProvider) → member of group 'staff' (DocsProvider)"),
            "\(console.out)")
        #expect(console.out.contains("set 1: allowed, as group 'staff' (DocsProvider)"), "\(console.out)")
        #expect(console.out.contains("the index agrees"), "\(console.out)")
        #expect(await shell.execute("why guide --as bob@example.com -o json") == .success)
        #expect(await shell.execute("assert $last.visible == false") == .success)
        #expect(await shell.execute("assert $last.indexAgrees == true") == .success)
    }

    /// On the platform no API returns an item's permissions: `--item @FILE` gives the item as it was pushed, and
    /// the rest (source, identities, the index's check) is read as usual.
    @Test func whyFromTheItemAsPushed() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        await secured(shell)
        let file = FileManager.default.temporaryDirectory.appending(path: "item-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let items = #"[{"documentId": "other"}, {"documentId": "guide", "title": "Guide", "permissions": "#
            + #"[{"allowedPermissions": [{"identity": "staff", "identityType": "Group"}]}]}]"#
        try items.write(to: file, atomically: true, encoding: .utf8)
        console.clear()
        #expect(await shell.execute("why guide --as alice@example.com --source docs --item @\(file.path)") == .success)
        #expect(console.out.contains("set 1: allowed, as group 'staff' (DocsProvider)"), "\(console.out)")
        #expect(console.out.contains("the index agrees"), "\(console.out)")
        guard case .failure(let error) = await shell.execute("why guide --as alice@example.com --item @\(file.path)")
        else {
            Issue.record("--item without --source ran")
            return
        }
        #expect(error.message.contains("--item needs --source"), "\(error.message)")
        guard case .failure(let missing) = await shell.execute(
            "why nothing --as alice@example.com --source docs --item @\(file.path)")
        else {
            Issue.record("an item the file does not hold was explained")
            return
        }
        #expect(missing.message.contains("holds no item 'nothing'"), "\(missing.message)")
    }

    @Test func badInputIsOneClearLine() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        await secured(shell)
        let cases: [(String, String)] = [
            ("why guide", "why: missing --as IDENTITY"),
            ("why nothing-here --as alice@example.com", "why: no item 'nothing-here' is indexed in any source"),
            ("why guide --as alice@example.com --source nope", "SOURCE_NOT_FOUND"),
            ("search x --as alice@example.com --all", "--all sees everything, --as sees what one user sees"),
            ("search x --as alice:robot", "the identity type must be user, group, virtual-group or unknown"),
            ("search x --where '@title'", "cannot be read: @title must be followed by an operator"),
        ]
        for (statement, message) in cases {
            console.clear()
            guard case .failure(let error) = await shell.execute(statement) else {
                Issue.record("\(statement) succeeded")
                continue
            }
            #expect(error.message.contains(message), "\(statement): \(error.message)")
        }
    }

    /// A server's names are shown, never obeyed; an item in two sources is explained for the one named, and the
    /// index's check asks that source.
    @Test func whyEscapesNamesAndKeepsToItsSource() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        // A group named with an escape sequence (ESC [2J clears a terminal), pushed from a file.
        let file = FileManager.default.temporaryDirectory.appending(path: "ids-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let identities =
            #"{"members": [{"identity": {"name": "ev\u001b[2Jil", "type": "GROUP"}, "#
            + #""members": [{"name": "carol@example.com", "type": "USER"}]}]}"#
        try identities.write(to: file, atomically: true, encoding: .utf8)
        let escaped = "ev\u{1B}[2Jil"
        for statement in [
            "create a --visibility SECURED --with-provider",
            "create b --visibility SECURED --with-provider",
            "identity AProvider push @\(file.path)",
            "push a dup --title A --data x --allow '\(escaped):group' --wait",
            "push b dup --title B --data x --allow dave@example.com --wait",
        ] {
            #expect(await shell.execute(statement) == .success, "\(statement)")
        }
        console.clear()
        #expect(await shell.execute("why dup --as carol@example.com") == .success)
        #expect(console.err.contains("'dup' is also in `--source b`"), "\(console.err)")
        #expect(!console.out.contains("\u{1B}"), "\(console.out)")
        #expect(console.out.contains("ev\\u{1B}[2Jil"), "\(console.out)")
        console.clear()
        #expect(await shell.execute("why dup --as carol@example.com --source b") == .success)
        #expect(console.out.contains("carol@example.com does not see 'dup'"), "\(console.out)")
        #expect(console.out.contains("the index agrees"), "\(console.out)")
    }
}

/// `watch`: rounds of a statement, counted; bad input is one line.
@Suite struct WatchCommandTests {
    @Test func roundsAndBadInput() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("watch --count 3 0.1 echo round") == .success)
        #expect(console.out == "round\nround\nround\n", "\(console.out)")
        let cases = [
            ("watch 0 echo x", "expected SECONDS (0.1 to 86400)"), ("watch 1", "missing the STATEMENT"),
            ("watch --count 0 1 echo x", "--count needs a whole number"), ("watch 1 watch 1 echo", "cannot watch"),
        ]
        for (statement, message) in cases {
            guard case .failure(let error) = await shell.execute(statement) else {
                Issue.record("\(statement) succeeded")
                continue
            }
            #expect(error.message.contains(message), "\(statement): \(error.message)")
        }
        // A round that fails stops it.
        #expect(await shell.execute("watch --count 5 0.1 get nothing-here") != .success)
    }
}

/// `alias`: a named statement with the call's words; it cannot take a command's name, calls itself only so deep.
@Suite struct AliasCommandTests {
    @Test func aliasesTakeTheCallsWords() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("alias both 'echo first=$1 all=$@'") == .success)
        #expect(await shell.execute("both 'a b' c") == .success)
        #expect(console.out == "first=a b all=a b c\n", "\(console.out)")
        console.clear()
        #expect(await shell.execute("alias") == .success)
        #expect(console.out == "alias both 'echo first=$1 all=$@'\n")
        #expect(await shell.execute("fails alias list 'get x'") == .success)
        #expect(await shell.execute("alias self 'self'") == .success)
        guard case .failure(let error) = await shell.execute("self") else {
            Issue.record("a self-calling alias succeeded")
            return
        }
        #expect(error.message.contains("more than 10 deep"))
        #expect(await shell.execute("unalias both") == .success)
        #expect(await shell.execute("both x") != .success)
    }

    /// As gh's aliases: words past the highest $N go at the end, too few is an error naming the alias, $# counts.
    @Test func wordsPastTheHighestGoAtTheEndAndTooFewAreRefused() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("alias two 'echo $1 and $2'") == .success)
        #expect(await shell.execute("two a b c") == .success)
        #expect(await shell.execute("alias count 'echo [$#] $@'") == .success)
        #expect(await shell.execute("count x y") == .success)
        #expect(await shell.execute("count") == .success)
        #expect(console.out == "a and b c\n[2] x y\n[0]\n", "\(console.out)")
        guard case .failure(let error) = await shell.execute("two a") else {
            Issue.record("an alias given too few words ran")
            return
        }
        #expect(error.message == "two: needs 2 words ($1..$2), given 1: alias two 'echo $1 and $2'")
        // `;` separates its statements, as at the prompt; a block's word cannot run inside one.
        console.clear()
        #expect(await shell.execute("alias both 'echo a; echo b $1'") == .success)
        #expect(await shell.execute("both X") == .success)
        #expect(console.out == "a\nb X\n", "\(console.out)")
        guard case .failure(let block) = await shell.execute("alias block 'echo x; if 1 == 1'") else {
            Issue.record("an alias holding if was taken")
            return
        }
        #expect(block.message.hasPrefix("alias: `if` belongs to a block"), "\(block.message)")
        console.clear()
        #expect(await shell.execute("help both") == .success)
        #expect(console.out == "both is an alias: alias both 'echo a; echo b $1'\n", "\(console.out)")
    }
}

/// `alias --save` keeps an alias in the start-up file, in place of one of that name; `unalias --save` takes it out.
@Suite struct SavedAliasTests {
    @Test func aSavedAliasIsOneLineOfTheStartUpFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "rc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "pshell/pshellrc")
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("set pager off\r\nalias mine 'list'\r\n".utf8).write(to: file)
        let console = RecordingConsole()
        let shell = makeShell(console, environment: ["XDG_CONFIG_HOME": folder.path])
        #expect(await shell.execute("alias --save mine 'list --filter $1'") == .success)
        #expect(await shell.execute("alias --save two 'echo a; echo b'") == .success)
        #expect(
            try String(contentsOf: file, encoding: .utf8)
                == "set pager off\nalias mine 'list --filter $1'\nalias two 'echo a; echo b'\n")
        #expect(await shell.execute("unalias --save mine") == .success)
        #expect(try String(contentsOf: file, encoding: .utf8) == "set pager off\nalias two 'echo a; echo b'\n")
        #expect(await shell.execute("unalias --save mine") != .success)
        #expect(ScriptChecker.check("alias --save hi 'echo hi'\nhi").isEmpty)
    }
}

/// A script saved with Windows line ends is the same script: "\r\n" is one Character to Swift.
@Suite struct LineEndTests {
    @Test func crlfEndsALineAsLFDoes() async throws {
        let statements = Script.statements("echo one\r\necho 'two\r\nlines'\r\n\r\necho three\r\n")
        #expect(statements.map(\.text) == ["echo one", "echo 'two\nlines'", "", "echo three"])
        #expect(statements.map(\.line) == [1, 2, 4, 5])
        let console = RecordingConsole()
        #expect(await makeShell(console).runScript("alias hi 'echo hi $1'\r\nhi there\r\n", name: "rc") == 0)
        #expect(console.out == "hi there\n")
        // Notepad's byte order mark before the first line is not part of it.
        #expect(Script.statements("\u{FEFF}echo bom\r\n").map(\.text) == ["echo bom"])
    }
}
