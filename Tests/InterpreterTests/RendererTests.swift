import CoveoAPI
import Interpreter
import Testing

@Suite struct RendererTests {
    let model: JSON = ["id": "o-1", "count": 3, "ok": true, "none": .null]

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
}
