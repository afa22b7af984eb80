import Interpreter
import Testing

@Suite struct ParsedArgumentsTests {
    let create = CommandCatalog.spec("create")!

    @Test func optionsInEveryForm() throws {
        let args = try ParsedArguments.parse(
            ["docs", "--visibility=shared", "--provider", "a", "--provider", "b", "-o", "json"], spec: create)
        #expect(args.positionals == ["docs"])
        #expect(args.value("visibility") == "SHARED")
        #expect(args.all("provider") == ["a", "b"])
        #expect(args.value("output") == "json")
    }

    @Test(arguments: [
        (["docs", "--visiblity", "SHARED"], "create: unknown option --visiblity (did you mean --visibility?)"),
        (["docs", "--visibility"], "create: --visibility needs a value (PRIVATE|SECURED|SHARED)"),
        (
            ["docs", "--visibility", "PUBLIC"],
            "create: --visibility must be one of PRIVATE, SECURED, SHARED, not 'PUBLIC'"
        ),
        (
            [],
            "create: missing NAME (usage: create NAME [--visibility PRIVATE|SECURED|SHARED] [--provider ID]... [--with-provider] [--with-api-key] [--save-to-profile FILE] [--no-check] [--body JSON|@FILE] [--output auto|json|pretty] [--dry-run])"
        ),
        (
            ["a", "b"],
            "create: unexpected argument 'b' (usage: create NAME [--visibility PRIVATE|SECURED|SHARED] [--provider ID]... [--with-provider] [--with-api-key] [--save-to-profile FILE] [--no-check] [--body JSON|@FILE] [--output auto|json|pretty] [--dry-run])"
        ),
        (["a", "--output", "json", "--output", "json"], "create: --output is given twice"),
    ])
    func usageErrorsAreOneLine(words: [String], message: String) {
        #expect(throws: ShellError.usage(message)) { try ParsedArguments.parse(words, spec: create) }
    }

    @Test func doubleDashEndsOptions() throws {
        let args = try ParsedArguments.parse(["--", "--weird-name"], spec: create)
        #expect(args.positionals == ["--weird-name"])
    }
}
