import CoveoAPI
@testable import Interpreter
import Testing

@Suite struct ParsedArgumentsTests {
    let create = CommandCatalog.spec("create")!

    /// Two swapped letters are one slip: `--wiat` is `--wait`.
    @Test func aTranspositionIsOneEdit() {
        #expect(ParsedArguments.editDistance("wiat", "wait") == 1)
        #expect(ParsedArguments.editDistance("kitten", "sitting") == 3)
        #expect(ParsedArguments.suggestion("wiat", ["wait", "title"], prefix: "--") == " (did you mean --wait?)")
    }

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
            "create: missing NAME (usage: create NAME [--visibility PRIVATE|SECURED|SHARED] "
                + "[--provider ID]... [--with-provider] [--with-api-key] [--save-to-profile "
                + "FILE] [--no-check] [--body JSON|@FILE] [--output auto|json|pretty] [--dry-run])"
        ),
        (
            ["a", "b"],
            "create: unexpected argument 'b' (usage: create NAME [--visibility PRIVATE|SECURED|SHARED] "
                + "[--provider ID]... [--with-provider] [--with-api-key] [--save-to-profile "
                + "FILE] [--no-check] [--body JSON|@FILE] [--output auto|json|pretty] [--dry-run])"
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

    @Test func positionalsAreReadByTheirDeclaration() throws {
        let identity = CommandCatalog.spec("identity")!
        let args = try ParsedArguments.parse(["Provider", "SET", "sales", "--type", "group"], spec: identity)
        #expect(args[IdentityCommand.provider] == "Provider")
        #expect(args[IdentityCommand.action] == "set")  // a choice comes back spelt as declared
        #expect(args.word(IdentityCommand.name) == "sales")
        let list = try ParsedArguments.parse(["Provider", "list"], spec: identity)
        #expect(list.word(IdentityCommand.name) == nil)
        let set = try ParsedArguments.parse(["name", "a", "b", "c"], spec: CommandCatalog.spec("set")!)
        #expect(set.words(SetCommand.value) == ["a", "b", "c"])
        let region = try ParsedArguments.parse(["EU"], spec: CommandCatalog.spec("region")!)
        #expect(region.choice(RegionCommand.region, as: Region.self) == .eu)
    }

    @Test(arguments: [
        (
            "identity", ["P", "push", "@f.json", "--type", "user"],
            "identity push: --type goes with `identity set`, `identity alias` or `identity delete`"
        ),
        ("identity", ["P", "list", "--yes"], "identity list: --yes goes with `identity remove`"),
        ("identity", ["P", "set", "x", "--older-than", "0"], "identity set: --older-than goes with `identity remove`"),
        ("field", ["delete", "f", "--facet"], "field delete: --facet goes with `field create`"),
        ("field", ["create", "f", "--filter", "x"], "field create: --filter goes with `field list`"),
        ("apikey", ["list", "--source", "s"], "apikey list: --source goes with `apikey create`"),
        ("provider", ["get", "p", "--display-name", "x"], "provider get: --display-name goes with `provider create`"),
    ])
    func anOptionOfAnotherActionIsRefused(command: String, words: [String], message: String) {
        #expect(throws: ShellError.usage(message)) {
            try ParsedArguments.parse(words, spec: CommandCatalog.spec(command)!)
        }
    }
}
