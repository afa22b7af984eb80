import CoveoAPI
import Foundation
import Testing

/// `pshell --machine` as a program speaks to it, and the Jupyter kernel on it running the tour headless.
@Suite struct NotebookTests {
    @Test func theMachineInterfaceAnswersEachRequestOnOneLine() throws {
        let requests = [
            #"{"id": 1, "code": "create A --visibility SHARED"}"#, #"{"id": "two", "code": "get nope"}"#,
            #"{"id": 3, "code": "echo kept: $last.name"}"#, "not json", #"{"id": 4, "code": "exit 3"}"#,
        ]
        let run = try runPShell(["--machine"], stdin: requests.joined(separator: "\n") + "\n")
        #expect(run.status == 3, "\(run.stderr)")
        let answers = try run.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(answers.count == 5, "\(run.stdout)")
        #expect(answers[0]["id"] == 1 && answers[0]["status"] == 0 && answers[0]["result"]?["name"] == "A")
        #expect(answers[1]["id"] == "two" && answers[1]["status"] == 2)
        #expect(answers[1]["diagnostics"]?.arrayValue?.first?["severity"] == "error")
        // The session lives on between requests; a statement that sets nothing answers no result.
        #expect(answers[2]["stdout"] == "kept: A\n" && answers[2]["result"] == .null, "\(answers[2])")
        #expect(answers[3]["status"] == 64)
        #expect(answers[4]["exit"] == true)
    }

    /// The same result twice is a result each time; a request without a string `code` is a usage error.
    @Test func eachResultIsAnsweredAndABadRequestIsRefused() throws {
        let requests = [
            #"{"id": 1, "code": "create B --visibility SHARED -q"}"#, #"{"id": 2, "code": "get B -q"}"#,
            #"{"id": 3, "code": "get B -q"}"#, #"{"id": 4}"#, #"{"id": 5, "code": 42}"#,
        ]
        let run = try runPShell(["--machine"], stdin: requests.joined(separator: "\n") + "\n")
        let answers = try run.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(answers.count == 5, "\(run.stdout)")
        #expect(answers[1]["result"]?["name"] == "B" && answers[2]["result"]?["name"] == "B", "\(run.stdout)")
        #expect(answers[3]["status"] == 64 && answers[4]["status"] == 64)
        #expect(answers[4]["error"]?.stringValue?.contains("its code must be a string") == true)
    }

    /// The kernel's Python is a file of its own, linted as Python; what `kernel install` writes is that file, byte
    /// for byte (embedded in the binary at build time).
    @Test func theKernelIsLintedPythonAndInstalledAsWritten() throws {
        let source = packageRoot.appending(path: "Sources/pshell/Kernel/pshell_kernel.py")
        let lint = try runProgram(ConformanceTests.python, ["-m", "pyflakes", source.path])
        #expect(lint.status == 0 && lint.stdout.isEmpty, "\(lint.stdout)\(lint.stderr)")
        let prefix = try temporaryHome()
        let install = try runPShell(["kernel", "install", "--python", ConformanceTests.python, "--prefix", prefix.path])
        #expect(install.status == 0, "\(install.stderr)")
        let written = try Data(contentsOf: prefix.appending(path: "share/jupyter/kernels/pshell/pshell_kernel.py"))
        #expect(written == (try Data(contentsOf: source)))
    }

    /// A Python without ipykernel is refused before anything is written: the kernel would die at its first cell.
    @Test func aPythonWithoutIPyKernelIsRefused() throws {
        let prefix = try temporaryHome()
        for python in ["/usr/bin/false", "/nonexistent/python"] {
            let install = try runPShell(["kernel", "install", "--python", python, "--prefix", prefix.path])
            #expect(install.status != 0 && install.stderr.contains("nothing was installed"), "\(install.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: prefix.path + "/share/jupyter/kernels/pshell"))
    }

    @Test func theTourNotebookRunsHeadlessOnTheKernel() throws {
        let prefix = try temporaryHome()
        let python = ConformanceTests.python
        // Installed as a user does, `pshell` from PATH, in a folder that holds no pshell; argv[0] is then `pshell`.
        let bin = prefix.appending(path: "bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: bin.appending(path: "pshell").path, withDestinationPath: pshellBinary)
        let install = try runProgram(
            "/usr/bin/env",
            [
                "PATH=\(bin.path):/usr/bin:/bin", "HOME=\(prefix.path)", "/bin/sh", "-c",
                "cd / && pshell kernel install --python \(python) --prefix \(prefix.path)",
            ])
        #expect(install.status == 0, "\(install.stderr)")
        let spec = try JSONParser.parse(
            try String(contentsOfFile: prefix.path + "/share/jupyter/kernels/pshell/kernel.json", encoding: .utf8))
        let kernelBinary = try #require(spec["env"]?["PSHELL_BIN"]?.stringValue)
        #expect(FileManager.default.isExecutableFile(atPath: kernelBinary), "\(kernelBinary)")
        let output = prefix.appending(path: "tour-run.ipynb").path
        let jupyter = URL(fileURLWithPath: python).deletingLastPathComponent().appending(path: "jupyter").path
        let convert = try runProgram(
            "/usr/bin/env",
            [
                "JUPYTER_PATH=\(prefix.path)/share/jupyter", jupyter, "nbconvert", "--to", "notebook", "--execute",
                packageRoot.appending(path: "scripts/examples/tour.ipynb").path, "--output", output,
            ])
        #expect(convert.status == 0, "\(convert.stderr)")
        let notebook = try JSONParser.parse(try String(contentsOfFile: output, encoding: .utf8))
        let outputs = (notebook["cells"]?.arrayValue ?? []).flatMap { $0["outputs"]?.arrayValue ?? [] }
        // nbformat keeps a multi-line string as an array of lines.
        func joined(_ value: JSON?) -> String {
            value?.arrayValue?.compactMap(\.stringValue).joined() ?? value?.stringValue ?? ""
        }
        func text(_ output: JSON) -> String { joined(output["text"] ?? output["data"]?["text/plain"]) }
        func html(_ output: JSON) -> String { joined(output["data"]?["text/html"]) }
        #expect(!outputs.contains { $0["output_type"] == "error" }, "\(outputs.map(text))")
        // Results as tables and as JSON, the trace in its own block, notes as they are.
        #expect(outputs.contains { html($0).hasPrefix("<table>") })
        #expect(outputs.contains { $0["data"]?["application/json"]?["sourceVisibility"] == "PRIVATE" })
        #expect(outputs.contains { html($0).contains("pshell-trace") })
        #expect(outputs.contains { text($0).contains("note: deleted its security identity provider") })
        #expect(outputs.contains { text($0).contains("indexed https://example.com/pricing") })
        // Objects are shown whole: the license's connectors with their visibilities, the permissions with the
        // identities they name (a table of one nested array, or of one cell, was all that showed).
        #expect(outputs.contains { html($0).contains("sourceVisibilities") && html($0).contains("SECURED") })
        #expect(outputs.contains { html($0).contains("alice@example.com") && html($0).contains("bob@example.com") })
        // The tour ends with who sees what: a search as alice, and why bob does not see the page.
        #expect(outputs.contains { html($0).contains("https://example.com/pricing") })
        #expect(outputs.contains { text($0).contains("bob@example.com does not see 'https://example.com/pricing'") })
    }
}
