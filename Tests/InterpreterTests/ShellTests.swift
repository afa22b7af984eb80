import CoveoAPI
import Foundation
import Interpreter
import Testing

/// The interpreter against a real sandbox over loopback.
@Suite struct ShellTests {
    @Test func createGetUpdateDeleteThroughStatements() async throws {
        let console = RecordingConsole()
        let sandbox = TestSandbox()
        let shell = makeShell(console, sandbox: sandbox)
        #expect(await shell.execute(#"create "Docs" --visibility SHARED"#) == .success)
        let id = console.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("testorg-"))
        #expect(await shell.execute("set id $last.id") == .success)
        console.clear()
        #expect(await shell.execute("get $id") == .success)
        let got = try JSONParser.parse(console.out.trimmingCharacters(in: .newlines))
        #expect(got["sourceVisibility"] == "SHARED")
        #expect(await shell.execute("get Docs") == .success, "a name works in place of an id")
        #expect(await shell.execute(#"update $id --visibility PRIVATE --body '{"extra": [1, 2]}'"#) == .success)
        #expect(await shell.execute("assert $last.sourceVisibility == PRIVATE") == .success)
        #expect(await shell.execute("assert ${last.extra} == [1,2]") == .success)
        let rename = await shell.execute(#"update $id --body '{"name":"Other"}'"#)
        #expect(
            rename
                == .failure(
                    .failure(
                        "update: refusing to rename 'Docs' to \"Other\": a source's name cannot "
                            + "change once it is created; nothing was sent. To use another name: "
                            + "`create Other --visibility PRIVATE`, push the items again, then `delete` the old source"
                    )))
        #expect(await shell.execute("delete $id") == .success)
        guard case .failure(let error) = await shell.execute("get $id") else {
            Issue.record("expected a 404")
            return
        }
        #expect(error.message.hasPrefix("HTTP 404 SOURCE_NOT_FOUND: "))
        #expect(error.message.contains("(request id "))
        await sandbox.stop()
    }

    @Test func secureSourceGetsAProviderReminderOnStderr() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create Secured") == .success)
        #expect(console.err.contains("SECURED: create a security identity provider"))
        #expect(!console.out.contains("note"))
    }

    @Test func viewOnlyKeyGets403() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("sandbox --viewer") == .success)
        guard case .failure(let error) = await shell.execute("create nope --no-check") else {
            Issue.record("expected a 403")
            return
        }
        #expect(error.message.hasPrefix("HTTP 403 ACCESS_DENIED: "))
        // Without --no-check, pshell names the missing privilege before sending anything.
        guard case .failure(let refused) = await shell.execute("create nope") else {
            Issue.record("expected a refusal")
            return
        }
        #expect(refused.message.hasPrefix("create: prerequisite failed: the token may not create sources"))
    }

    @Test func deleteAsksWhenInteractive() async throws {
        let console = RecordingConsole(interactive: true, answers: ["n", "y"])
        let shell = makeShell(console)
        #expect(await shell.execute("create keep --visibility SHARED") == .success)
        #expect(await shell.execute("delete keep") == .success)
        #expect(console.err.contains("Not deleted."))
        #expect(await shell.execute("get keep") == .success)
        #expect(await shell.execute("delete keep") == .success)
        #expect(console.out.contains("Delete source 'keep'"))
        #expect(console.out.contains("Deleted testorg-"))
    }

    @Test func scriptsStopAtTheFirstErrorWithFileAndLine() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        let script = """
            # a comment
            echo one
            set name "two words"
            echo $name \\
              continued
            get missing-source
            echo never
            """
        #expect(await shell.runScript(script, name: "demo.pshell") == 2, "a 404 exits 2")
        #expect(console.out == "one\ntwo words continued\n")
        #expect(console.err.hasPrefix("demo.pshell:6: error: HTTP 404 SOURCE_NOT_FOUND"))
    }

    @Test func usageErrorsExit64AndOnErrorContinueKeepsGoing() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.runScript("frobnicate\necho no", name: "s.pshell") == 64)
        #expect(console.err == "s.pshell:1: error: unknown command 'frobnicate'; type `help` for the list\n")
        console.clear()
        #expect(await shell.runScript("set on-error continue\nassert a == b\necho yes", name: "t.pshell") == 1)
        #expect(console.out == "yes\n")
        #expect(console.err == "t.pshell:2: error: assertion failed: 'a' == 'b'\n")
    }

    @Test func argumentsEnvironmentAndExit() async {
        let console = RecordingConsole()
        let shell = makeShell(console, environment: ["WHO": "world"])
        #expect(
            await shell.runScript(
                "echo $1-$2 ${env.WHO} $env.WHO.\nexit 3\necho no", name: "a.pshell", arguments: ["x", "y"]) == 3)
        #expect(console.out == "x-y world world.\n", "$env.NAME reads the environment as ${env.NAME} does")
        console.clear()
        #expect(await shell.runScript("echo $3", name: "b.pshell", arguments: ["x"]) == 1)
        #expect(console.err == "b.pshell:1: error: $3 is not set: the script has 1 argument(s)\n")
    }

    @Test func sourceIsRelativeToTheIncludingScript() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-src-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appending(path: "lib"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "echo inner $1\nsource deeper.pshell\n".write(
            to: folder.appending(path: "lib/inner.pshell"), atomically: true, encoding: .utf8)
        try "echo deepest\nassert 1 == 2\n".write(
            to: folder.appending(path: "lib/deeper.pshell"), atomically: true, encoding: .utf8)
        let main = folder.appending(path: "main.pshell").path
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.runScript("source lib/inner.pshell arg\necho after", name: main) == 1)
        #expect(console.out == "inner arg\ndeepest\n")
        #expect(console.err == "\(folder.path)/lib/deeper.pshell:2: error: assertion failed: '1' == '2'\n")
    }

    @Test func tokensAreNeverPrinted() async {
        let console = RecordingConsole()
        let shell = makeShell(console, environment: ["MY_TOKEN": "xx-super-secret-value-1234"])
        #expect(await shell.execute("token --env MY_TOKEN") == .success)
        #expect(await shell.execute("session") == .success)
        #expect(console.out.contains("••••1234"))
        #expect(!console.out.contains("super-secret"))
        guard case .failure(let error) = await shell.execute("token") else {
            Issue.record("a script cannot be prompted")
            return
        }
        #expect(error.message == "token: no terminal to ask on; use `token --env NAME` in scripts")
        #expect(await shell.execute("token xx-literal") != .success)
    }

    @Test func completionOffersCommandsFlagsValuesAndSources() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.complete("cr").candidates == ["create"])
        #expect(await shell.complete("create x --vis").candidates == ["--visibility"])
        #expect(await shell.complete("create x --visibility S").candidates == ["SECURED", "SHARED"])
        #expect(await shell.complete("region e").candidates == ["eu"])
        #expect(await shell.execute(#"create "Product docs" --visibility SHARED"#) == .success)
        let id = console.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let completion = await shell.complete("get ", timeout: .seconds(20))
        #expect(completion.candidates.contains(id))
        #expect(completion.candidates.contains("\"Product docs\""))
        #expect(await shell.complete("get Prod", timeout: .seconds(20)).candidates == ["\"Product docs\""])
        // Short options are options too: `-o json` and `-y` are not the source.
        #expect(await shell.complete("get -o json Prod", timeout: .seconds(20)).candidates == ["\"Product docs\""])
        #expect(await shell.complete("delete -y Prod", timeout: .seconds(20)).candidates == ["\"Product docs\""])
        #expect(await shell.complete("get -o j").candidates == ["json"])
        // Inside an open quote a space is part of the word; a `$` in a name is not a variable.
        #expect(await shell.execute(#"create 'Product $x' --visibility SHARED -q"#) == .success)
        #expect(
            await shell.complete("get \"Product ", timeout: .seconds(20)).candidates == [
                "\"Product docs\"", #""Product \$x""#,
            ])
        // Provider ids, for `provider` and `identity`; a new provider shows at once.
        #expect(
            await shell.complete("provider get ", timeout: .seconds(20)).candidates == ["\"Email Security Provider\""])
        #expect(await shell.execute("create Sec --visibility SECURED --with-provider") == .success)
        #expect(await shell.complete("identity Se", timeout: .seconds(20)).candidates == ["SecProvider"])
        #expect(await shell.complete("identity SecProvider s").candidates == ["set"])
    }

    /// Past the first 1,000 sources, a name is still found and still offered by Tab: the exact name `zz` sorts
    /// after 1,001 names holding `zz`.
    @Test func aNameIsFoundPastTheFirstThousandSources() async throws {
        let sandbox = TestSandbox(sourcesLimit: 1100)
        let connection = try await sandbox.launch()
        let client = CoveoClient(
            transport: AsyncHTTPTransport(), endpoints: Endpoints(platform: connection.url, push: connection.url),
            organization: connection.organization, token: connection.adminKey)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask {
                    for number in stride(from: lane, to: 1001, by: 8) {
                        let name = "azz-" + String(format: "%04d", number)
                        _ = try await client.createSource(
                            ["name": .string(name), "sourceType": "PUSH", "sourceVisibility": "SHARED"])
                    }
                }
            }
            try await group.waitForAll()
        }
        let last = try await client.createSource(["name": "zz", "sourceType": "PUSH", "sourceVisibility": "SHARED"])
        let console = RecordingConsole()
        let shell = makeShell(console, sandbox: sandbox)
        #expect(await shell.execute("get zz --output json") == .success, "\(console.err)")
        #expect(console.out.contains(last["id"]?.stringValue ?? "?"))
        #expect(await shell.complete("get zz", timeout: .seconds(20)).candidates == ["zz"])
        await sandbox.stop()
    }

    @Test func prerequisitesReadAsASummaryOnATerminal() async {
        let console = RecordingConsole(terminal: true)
        let shell = makeShell(console)
        #expect(await shell.execute("license") == .success)
        #expect(
            console.out.firstMatch(of: /PUSH sources +allowed: PRIVATE, SECURED, SHARED/) != nil, "\(console.out)")
        #expect(
            console.out.firstMatch(of: /CATALOG sources +allowed: PRIVATE, SECURED, SHARED/) != nil, "\(console.out)")
        #expect(console.out.contains("(ACTIVE)"))
        console.clear()
        #expect(await shell.execute("create one --visibility SHARED") == .success)
        console.clear()
        #expect(await shell.execute("limits") == .success)
        let rows = console.out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(
            rows.prefix(3) == [
                ["LIMIT", "USED", "LIMIT"], ["content.numberOfSourcesLimit", "1", "15"],
                ["content.numberOfSecurityProvidersLimit", "0", "15"],
            ], "\(console.out)")
        console.clear()
        #expect(await shell.execute("privileges") == .success)
        #expect(console.out.contains("PLATFORM    SOURCE             CREATE  *"), "\(console.out)")
        #expect(
            console.out.hasSuffix(
                "this token may create and edit sources, and may create security identity providers\n"))
        #expect(await shell.execute("sandbox --viewer") == .success)
        console.clear()
        #expect(await shell.execute("privileges") == .success)
        #expect(
            console.out.hasSuffix(
                "this token may not create and edit sources, and may not create security identity providers\n"))
        // The same commands still print JSON when asked.
        console.clear()
        #expect(await shell.execute("limits --output json") == .success)
        #expect(console.out.hasPrefix(#"{"content":{"numberOfSourcesLimit":{"actualCount":1,"limit":15}"#))
    }

    /// `whoami`, the command added to show that a command is one file and one registry line.
    @Test func whoamiSaysWhereAndAsWhomAndWhatTheTokenMay() async throws {
        let console = RecordingConsole(terminal: true)
        let shell = makeShell(console)
        #expect(await shell.execute("whoami") == .success)
        let lines = console.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "target        built-in sandbox", "\(console.out)")
        #expect(lines.contains("organization  testorg"), "\(console.out)")
        #expect(lines.contains("sources       may create and edit them"), "\(console.out)")
        #expect(await shell.execute("sandbox --viewer") == .success)
        console.clear()
        #expect(await shell.execute("whoami --output json") == .success)
        let answer = try JSONParser.parse(Array(console.out.utf8))
        #expect(answer["mayCreateSources"] == false && answer["mayCreateProviders"] == false, "\(console.out)")
        #expect(answer["organization"] == "testorg")
        #expect(answer["privileges"]?.arrayValue?.isEmpty == false)
        #expect(await shell.execute("explain whoami") == .success)
        #expect(await shell.execute("whoami --dry-run") == .success, "a read: the dry run shows the request")
    }

    @Test func listPrintsATableOnATerminal() async {
        let console = RecordingConsole(terminal: true)
        let shell = makeShell(console)
        #expect(await shell.execute("create alpha --visibility SHARED") == .success)
        console.clear()
        #expect(await shell.execute("list") == .success)
        let lines = console.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.first?.contains("VISIBILITY") == true)
        #expect(lines[1].contains("alpha") && lines[1].contains("SHARED") && lines[1].contains("PUSH_READY"))
        #expect(lines.last == "1 source, one page")
    }
}

@Suite struct BatchPushTests {
    @Test func filesStreamIntoContainersAndBadItemsAreReported() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-items-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let array = """
            [
              {"documentId": "https://x/1", "title": "One", "data": "a [bracket] and a \\"quote\\"", "Category": "c"},
              {"uri": "https://x/2", "title": "Two", "tags": ["a", "b"]},
              {"title": "no id"},
              {"documentId": "https://x/3", "meta": {"nested": true}}
            ]
            """
        try array.write(to: folder.appending(path: "a.json"), atomically: true, encoding: .utf8)
        let lines =
            (0..<30).map { #"{"documentId": "https://y/\#($0)", "title": "Y\#($0)"}"# } + [
                "{broken", #"{"documentId": "https://y/x", "orderingId": 5}"#,
            ]
        try (lines.joined(separator: "\n") + "\n").write(
            to: folder.appending(path: "b.ndjson"), atomically: true, encoding: .utf8)

        let console = RecordingConsole()
        let sandbox = TestSandbox()
        let shell = makeShell(console, sandbox: sandbox)
        #expect(await shell.execute("create batch --visibility SHARED") == .success)
        // 1 MB containers; every good item goes, the bad ones are reported with their place.
        let outcome = await shell.execute("push batch @\(folder.path) --batch-size 1 --status REBUILD --wait")
        #expect(
            outcome == .failure(.failure("4 bad item(s) were not sent (each is reported above); 32 item(s) were sent")))
        #expect(console.err.contains("a.json[2] (line 4): no documentId (or uri); not sent"))
        #expect(console.err.contains("a.json[3] (line 5): metadata 'meta' is an object"))
        #expect(console.err.contains("b.ndjson:31: invalid JSON"))
        #expect(console.err.contains("b.ndjson:32: 'orderingId' is reserved by the Push API"))
        #expect(console.out.contains("pushed 32 item(s) in 1 container(s), 4 bad"))
        #expect(console.out.contains("32 indexed, 0 rejected"))
        #expect(await shell.execute("items batch --output json") == .success)
        #expect(await shell.execute("assert $last.totalItems == 32") == .success)
        #expect(await shell.execute("get batch --output json") == .success)
        #expect(await shell.execute("assert $last.information.sourceStatus.type == IDLE") == .success)
        await sandbox.stop()
    }

    @Test func smallContainersSplitTheBatch() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "pshell-big-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let text = String(repeating: "x", count: 100_000)
        let lines = (0..<25).map { #"{"documentId": "https://z/\#($0)", "data": "\#(text)"}"# }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create split --visibility SHARED") == .success)
        #expect(await shell.execute("push split @\(file.path) --batch-size 1 --wait") == .success)
        #expect(console.out.contains("pushed 25 item(s) in 3 container(s), 0 bad"))
        #expect(console.out.contains("25 indexed, 0 rejected"))
    }

    /// Past a thousand, items and logs say which they show and how to see the next ones.
    @Test func itemsAndLogsComeAThousandAtATime() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "pshell-pages-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = (0..<1500).map { #"{"documentId": "https://p/\#($0)", "title": "t"}"# }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let console = RecordingConsole(terminal: true)
        let shell = makeShell(console)
        #expect(await shell.execute("create pages --visibility SHARED") == .success)
        #expect(await shell.execute("push pages @\(file.path) --wait --no-create-fields") == .success)
        #expect(await shell.execute("items pages") == .success)
        #expect(console.out.contains("1 to 1000 of 1500 item(s) indexed"), "\(console.out.suffix(300))")
        #expect(console.out.contains("the next 1000: --page 1"))
        #expect(await shell.execute("items pages --page 1") == .success)
        #expect(console.out.contains("1001 to 1500 of 1500 item(s) indexed"))
        #expect(await shell.execute("logs pages") == .success)
        #expect(console.out.contains("entries 1 to 1000, oldest first; more follow: --page 1"))
        #expect(await shell.execute("items pages --page -1") != .success)
    }
}

@Suite struct BinaryPushTests {
    @Test func binaryFilesAreCompressedAndLargeOnesGoThroughAContainer() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SystemRandomNumberGenerator()
        let small = Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let large = Data((0..<7_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try small.write(to: folder.appending(path: "small.pdf"))
        try large.write(to: folder.appending(path: "large.bin"))
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create files --visibility SHARED") == .success)
        #expect(await shell.execute("push files small --file \(folder.path)/small.pdf --wait") == .success)
        #expect(
            await shell.execute("push files large --file \(folder.path)/large.bin --wait") == .success, "\(console.err)"
        )
        #expect(await shell.execute("items files --output json") == .success)
        guard case .object(let answer)? = await shell.session.last, let items = answer["items"]?.arrayValue else {
            Issue.record("no items")
            return
        }
        let fields = Dictionary(
            uniqueKeysWithValues: items.map { ($0["documentId"]?.stringValue ?? "", $0["fields"] ?? .null) })
        #expect(fields["small"]?["compressionType"] == "ZLIB")
        #expect(fields["small"]?["fileExtension"] == ".pdf")
        let inline = try #require(
            fields["small"]?["compressedBinaryData"]?.stringValue.flatMap { Data(base64Encoded: $0) })
        #expect(Zlib.decompress(inline) == small)
        #expect(fields["large"]?["compressedBinaryDataFileId"]?.stringValue != nil)
        #expect(fields["large"]?["compressedBinaryData"] == nil)
    }
}
