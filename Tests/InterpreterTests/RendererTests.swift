import CoveoAPI
import Interpreter
import Testing

@Suite struct RendererTests {
    let model: JSON = ["id": "o-1", "count": 3, "ok": true, "none": .null]

    /// A command in backticks is kept on one line when it fits: pasted from a broken line it would lose its end.
    @Test func aCommandInBackticksIsNotBroken() {
        let line = "note: the value is in keys/push-key.json (mode 0600): `pshell --profile keys/push-key.json` uses it"
        let wrapped = Renderer.wrap(line, width: 80)
        #expect(wrapped.contains("`pshell --profile keys/push-key.json`"), "\(wrapped)")
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(wrapped)")
    }

    @Test func autoIsPrettyOnATerminalAndCompactOtherwise() {
        #expect(
            Renderer(color: false, terminal: false).json(model, format: .auto)
                == #"{"id":"o-1","count":3,"ok":true,"none":null}"#)
        #expect(Renderer(color: false, terminal: true).json(model, format: .auto).hasPrefix("{\n  \"id\": \"o-1\",\n"))
        #expect(
            Renderer(color: false, terminal: true).json(model, format: .json)
                == #"{"id":"o-1","count":3,"ok":true,"none":null}"#)
        #expect(Renderer(color: false, terminal: false).json(model, format: .pretty).contains("\n  \"count\": 3,"))
    }

    @Test func colourOnlyWhenAsked() {
        let coloured = Renderer(color: true, terminal: true).json(model, format: .auto)
        #expect(coloured.contains("\u{1B}[34m\"id\"\u{1B}[0m: \u{1B}[32m\"o-1\"\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[36m3\u{1B}[0m"))
        #expect(!Renderer(color: false, terminal: true).json(model, format: .auto).contains("\u{1B}"))
    }

    @Test func tablesAlignWithoutTrailingSpaces() {
        let table = Renderer(color: false, terminal: true).table(
            headers: ["ID", "NAME", "N"], rows: [["a-1", "Short", "0"], ["b-22", "A longer name", "12"]])
        #expect(table == "ID    NAME           N\na-1   Short          0\nb-22  A longer name  12")
    }

    /// At 80 columns a table of sources fits: the widest columns other than the id are cut with `…` (an id cut
    /// short could not be pasted); off a terminal nothing is cut.
    @Test func tablesFitTheTerminalAndKeepIDsWhole() {
        let id = "pshellsandbox-udm62oaxum6x65pe2pjs573fya"
        let rows = [[id, "A rather long source name for the demo", "SHARED", "PUSH_READY", "12"]]
        let headers = ["ID", "NAME", "VISIBILITY", "STATUS", "DOCUMENTS"]
        // At 80 columns the id leaves the others too little: one record per block, every value whole.
        let fitted = Renderer(color: false, terminal: true, width: 80).table(headers: headers, rows: rows)
        for line in fitted.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
        #expect(
            fitted.hasPrefix("ID          \(id)\nNAME        A rather long source name for the demo\n"), "\(fitted)")
        #expect(!fitted.contains("…"))
        // Where the cut leaves 10 characters or more, a table it stays, its long cells ending in `…`.
        let cut = Renderer(color: false, terminal: true, width: 60).table(
            headers: ["NAME", "VISIBILITY", "STATUS"],
            rows: [["A rather long source name for the demo, and longer", "SHARED", "PUSH_READY"]])
        #expect(cut.contains("…") && cut.split(separator: "\n").count == 2, "\(cut)")
        let whole = Renderer(color: false, terminal: false).table(headers: headers, rows: rows)
        #expect(whole.contains("A rather long source name for the demo"))
        // A column of ids under another header (a key's source, `-` for none) is kept whole too: the rest cannot
        // fit beside two ids, so records again.
        let keys = Renderer(color: false, terminal: true, width: 80).table(
            headers: ["ID", "NAME", "STATUS", "SOURCE", "PRIVILEGES"],
            rows: [
                ["3nltzjgzo53qbrykxmbmxml3ey", "Push source pshellsandbox-q45k", "ENABLED", id, "3"],
                ["75o35er57aoytqvfboltuneyei", "pshell sandbox administrator", "ENABLED", "-", "16"],
            ])
        #expect(keys.contains(id), "\(keys)")
        #expect(
            keys.contains("3nltzjgzo53qbrykxmbmxml3ey") && keys.contains("Push source pshellsandbox-q45k"), "\(keys)")
        // The column of ids a table names (logs' DOCUMENT) is kept whole too, whatever its header.
        let logs = Renderer(color: false, terminal: true, width: 80).table(
            headers: ["TIME", "RESULT", "DOCUMENT", "REASON"],
            rows: [["2026-12-06T11:43:33.553Z", "REJECTED", "https://example.com/a/long/document/id", "too big"]],
            keeping: [2])
        #expect(logs.contains("https://example.com/a/long/document/id"), "\(logs)")
        // Wide enough: as it was.
        #expect(Renderer(color: false, terminal: true, width: 200).table(headers: headers, rows: rows) == whole)
    }

    /// A long line wraps at a space, under its second column (an option's help under the help); escapes take no
    /// columns; no word is cut.
    @Test func longLinesWrapAtAWordUnderTheirSecondColumn() {
        let line =
            "  -o, --output auto|json|pretty|csv|tsv  how to print the result (default: a table on a "
            + "terminal, compact JSON otherwise)"
        let wrapped = Renderer.wrap(line, width: 80).split(separator: "\n")
        #expect(wrapped.count == 3)
        for part in wrapped { #expect(part.count <= 80) }
        #expect(wrapped.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 41)) })
        let words = line.split(separator: " ")
        #expect(wrapped.flatMap { $0.split(separator: " ") } == words, "the same words, none cut")
        let bold = "\u{1B}[1mcreate\u{1B}[0m — " + String(repeating: "word ", count: 13) + "ending"
        #expect(Renderer.wrap(bold, width: 80) == bold, "80 visible columns: escapes are not counted")
        #expect(Renderer(color: false, terminal: false).wrapped(line) == line, "off a terminal, as it is")
        // A styled label's continuations go under what follows it, whatever the escapes before it.
        let label = "\u{1B}[2mprerequisites: " + String(repeating: "word ", count: 20) + "end\u{1B}[0m"
        let continued = Renderer.wrap(label, width: 60).split(separator: "\n").dropFirst()
        #expect(!continued.isEmpty && continued.allSatisfy { $0.hasPrefix(String(repeating: " ", count: 15) + "w") })
    }
}
