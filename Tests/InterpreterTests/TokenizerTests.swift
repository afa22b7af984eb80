import Interpreter
import Testing

@Suite struct TokenizerTests {
    func words(_ text: String, _ variables: [String: String] = [:]) throws -> [String] {
        try Tokenizer.tokenize(text) { reference in
            let key = ([reference.name] + reference.path).joined(separator: ".")
            guard let value = variables[key] else { throw Tokenizer.Failure(message: "unset \(key)", column: 0) }
            return value
        }
    }

    @Test func quotesAndEscapes() throws {
        #expect(
            try words(#"create "My Source" --visibility SHARED"#) == ["create", "My Source", "--visibility", "SHARED"])
        #expect(try words(#"echo 'a $b "c"' "d \"e\" \$f" g\ h"#) == ["echo", #"a $b "c""#, #"d "e" $f"#, "g h"])
        #expect(try words(#"echo "" ''"#) == ["echo", "", ""])
        #expect(try words("echo \"tab\\there\"") == ["echo", "tab\there"])
    }

    @Test func comments() throws {
        #expect(try words("# nothing here").isEmpty)
        #expect(try words("get x # the id") == ["get", "x"])
        #expect(try words("echo a#b '#c'") == ["echo", "a#b", "#c"])
    }

    @Test func variables() throws {
        let vars = [
            "id": "src-1", "1": "first", "env.HOME": "/root", "last.information.sourceStatus.type": "IDLE",
            "last.id": "x",
        ]
        #expect(try words("get $id", vars) == ["get", "src-1"])
        #expect(try words("get ${id}-suffix", vars) == ["get", "src-1-suffix"])
        #expect(try words("echo $1 ${env.HOME}", vars) == ["echo", "first", "/root"])
        #expect(try words("echo $last.id. ${last.information.sourceStatus.type}", vars) == ["echo", "x.", "IDLE"])
        #expect(try words("echo \"$id\" '$id'", vars) == ["echo", "src-1", "$id"])
        #expect(try words("echo $ 5$", vars) == ["echo", "$", "5$"])
        #expect(try words("echo $id.json", vars) == ["echo", "src-1.json"])
    }

    @Test func errorsGiveTheColumn() {
        #expect(throws: Tokenizer.Failure(message: "a double quote is not closed", column: 6)) {
            try words("echo \"abc")
        }
        #expect(throws: Tokenizer.Failure(message: "a single quote is not closed", column: 8)) {
            try words("echo a 'abc")
        }
        #expect(throws: Tokenizer.Failure(message: "'${' is not closed by '}'", column: 6)) { try words("echo ${abc") }
    }

    @Test func continuation() {
        #expect(Tokenizer.needsContinuation("create x \\"))
        #expect(Tokenizer.needsContinuation("create x --body '{"))
        #expect(Tokenizer.needsContinuation("create x --body {\n  \"a\": ["))
        #expect(!Tokenizer.needsContinuation("create x --body '{\n  \"a\": [1]\n}'"))
        #expect(!Tokenizer.needsContinuation("echo # {"))
        #expect(!Tokenizer.needsContinuation("echo \"{\""))
        #expect(Tokenizer.needsContinuation("echo \"abc"))
    }
}
