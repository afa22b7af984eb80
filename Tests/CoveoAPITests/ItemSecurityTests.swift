import CoveoAPI
import Testing

/// Coveo's permission rules, case by case, each from the documentation that states it.
@Suite struct ItemSecurityTests {
    static let email = SecurityIdentity.emailProvider
    static let alice = SecurityIdentity("alice@example.com", provider: email)
    static let bob = SecurityIdentity("bob@example.com", provider: email)

    /// A security cache: who holds whom (child → its parents).
    struct Graph {
        var edges: [SecurityIdentity: [(SecurityIdentity, IdentityRelation)]] = [:]
        func resolve(_ searchers: [SecurityIdentity]) -> ResolvedIdentities {
            ResolvedIdentities.resolve(searchers) { edges[$0] ?? [] }
        }
    }

    static func permission(_ name: String, _ type: String = "User", _ provider: String? = nil) -> JSON {
        var object: JSON = ["identity": .string(name), "identityType": .string(type)]
        if let provider { object["securityProvider"] = .string(provider) }
        return object
    }

    static func set(allow: [JSON] = [], deny: [JSON] = [], anonymous: Bool = false) -> JSON {
        ["allowAnonymous": .bool(anonymous), "allowedPermissions": .array(allow), "deniedPermissions": .array(deny)]
    }

    static func decide(
        _ permissions: JSON, for searcher: SecurityIdentity?, graph: Graph = Graph(), provider: String = email,
        cascades: [String: [String]] = [:]
    ) -> AccessDecision {
        let model = PermissionModel(pushed: permissions, defaultProvider: provider)
        return AccessDecision.evaluate(
            model, for: searcher.map { graph.resolve([$0]) }, cascades: { cascades[$0] ?? [] })
    }

    /// docs.coveo.com/en/107 (simplified model): an allowed user sees the item.
    @Test func anAllowedUserSees() {
        #expect(Self.decide([Self.set(allow: [Self.permission("alice@example.com")])], for: Self.alice).visible)
        #expect(!Self.decide([Self.set(allow: [Self.permission("alice@example.com")])], for: Self.bob).visible)
    }

    /// docs.coveo.com/en/107: "must be explicitly allowed in all permission sets, and not be explicitly denied in
    /// any": a denial beats an allowance at the same level.
    @Test func deniedBeatsAllowedAtTheSameLevel() {
        let permissions: JSON = [
            Self.set(allow: [Self.permission("alice@example.com")]),
            Self.set(deny: [Self.permission("alice@example.com")]),
        ]
        let decision = Self.decide(permissions, for: Self.alice)
        #expect(!decision.visible)
        #expect(decision.reason == "deny them")
    }

    /// docs.coveo.com/en/107: a set that omits the user (while another allows them) denies.
    @Test func aSetThatOmitsTheUserDenies() {
        let permissions: JSON = [
            Self.set(allow: [Self.permission("alice@example.com")]), Self.set(allow: [Self.permission("carol@x.io")]),
        ]
        let decision = Self.decide(permissions, for: Self.alice)
        #expect(!decision.visible)
        #expect(decision.levels.first?.sets == [.allowed(by: Self.alice), .notNamed])
    }

    /// docs.coveo.com/en/1526: levels are read in order; the first that names the user decides, whatever the
    /// later ones say; a level that does not name them leaves it to the next.
    @Test func aHigherLevelDecidesBeforeALowerOne() {
        let denyFirst: JSON = [
            ["name": "top", "permissionSets": [Self.set(deny: [Self.permission("alice@example.com")])]],
            ["name": "lower", "permissionSets": [Self.set(allow: [Self.permission("alice@example.com")])]],
        ]
        #expect(!Self.decide(denyFirst, for: Self.alice).visible)
        #expect(Self.decide(denyFirst, for: Self.alice).reason == "deny them at level 1")
        let silentFirst: JSON = [
            ["permissionSets": [Self.set(deny: [Self.permission("bob@example.com")])]],
            ["permissionSets": [Self.set(allow: [Self.permission("alice@example.com")])]],
        ]
        let decision = Self.decide(silentFirst, for: Self.alice)
        #expect(decision.visible)
        #expect(decision.levels.map(\.outcome) == [nil, true])
    }

    /// docs.coveo.com/en/240 (security identities): a group's members see what the group may; groups nest.
    @Test func aGroupMemberAndANestedGroup() {
        let provider = "AD"
        let engineering = SecurityIdentity("engineering", type: "GROUP", provider: provider)
        let staff = SecurityIdentity("staff", type: "GROUP", provider: provider)
        let graph = Graph(edges: [Self.alice: [(engineering, .member)], engineering: [(staff, .member)]])
        let forStaff: JSON = [Self.set(allow: [Self.permission("staff", "Group")])]
        let decision = Self.decide(forStaff, for: Self.alice, graph: graph, provider: provider)
        #expect(decision.visible)
        let path = graph.resolve([Self.alice]).path(to: staff)
        #expect(path.count == 3)
        #expect(path.last == "member of group 'staff' (AD)")
        #expect(!Self.decide(forStaff, for: Self.bob, graph: graph, provider: provider).visible)
    }

    /// docs.coveo.com/en/46 (user aliases): an identity of another provider mapped to the email user.
    @Test func anAliasToAnEmailIdentity() {
        let domainUser = SecurityIdentity("EXAMPLE\\alice", provider: "AD")
        let graph = Graph(edges: [Self.alice: [(domainUser, .alias)]])
        let permissions: JSON = [Self.set(allow: [Self.permission("example\\ALICE")])]
        #expect(Self.decide(permissions, for: Self.alice, graph: graph, provider: "AD").visible)
    }

    /// docs.coveo.com/en/42 (granted identities, `wellKnowns`): an identity is granted another.
    @Test func aGrantedIdentity() {
        let everyone = SecurityIdentity("Everyone", type: "GROUP", provider: Self.email)
        let graph = Graph(edges: [Self.alice: [(everyone, .granted)]])
        let permissions: JSON = [Self.set(allow: [Self.permission("Everyone", "Group", Self.email)])]
        #expect(Self.decide(permissions, for: Self.alice, graph: graph).visible)
    }

    /// docs.coveo.com/en/107: `allowAnonymous` lets anyone in, anonymous searchers included; a denial still holds.
    @Test func anonymous() {
        let open: JSON = [Self.set(anonymous: true)]
        #expect(Self.decide(open, for: nil).visible)
        #expect(Self.decide(open, for: Self.bob).visible)
        #expect(
            !Self.decide([Self.set(deny: [Self.permission("bob@example.com")], anonymous: true)], for: Self.bob).visible
        )
        #expect(!Self.decide([Self.set(allow: [Self.permission("bob@example.com")])], for: nil).visible)
    }

    /// docs.coveo.com/en/1526 (cascading providers): a permission in a provider that cascades to the Email
    /// Security Provider names its users; the `*@*` wildcard names every email address.
    @Test func cascadingProvidersAndTheEmailWildcard() {
        let permissions: JSON = [Self.set(allow: [Self.permission("alice@example.com", "User", "AD")])]
        #expect(!Self.decide(permissions, for: Self.alice).visible)
        #expect(Self.decide(permissions, for: Self.alice, cascades: ["AD": [Self.email]]).visible)
        let wildcard: JSON = [Self.set(allow: [Self.permission("*@*", "Group", Self.email)])]
        #expect(Self.decide(wildcard, for: Self.bob).visible)
    }

    /// The source's side (docs.coveo.com/en/94, en/3246): SHARED without permissions is everyone's, PRIVATE
    /// follows its source-level permissions, SECURED each item's.
    @Test func sourceVisibility() throws {
        let shared = SourceSecurity(visibility: "SHARED", option: nil, permissions: [], providerReferences: [])
        #expect(shared.sourceLevel == nil && shared.itemProvider == nil)
        let levels: JSON = [["permissionSets": [Self.set(allow: [Self.permission("alice@example.com")])]]]
        let privateSource = SourceSecurity(
            visibility: "PRIVATE", option: "Specified", permissions: levels, providerReferences: [])
        let own = try #require(privateSource.sourceLevel)
        #expect(AccessDecision.evaluate(own, for: Graph().resolve([Self.alice]), cascades: { _ in [] }).visible)
        #expect(!AccessDecision.evaluate(own, for: Graph().resolve([Self.bob]), cascades: { _ in [] }).visible)
        let noOne = SourceSecurity(visibility: "PRIVATE", option: nil, permissions: [], providerReferences: [])
        #expect(noOne.sourceLevel?.levels.isEmpty == true)
        let secured = SourceSecurity(visibility: "SECURED", option: nil, permissions: nil, providerReferences: ["AD"])
        #expect(secured.sourceLevel == nil && secured.itemProvider == "AD")
    }

    /// A cycle of groups ends; the walk stops at its limit and says so.
    @Test func aCycleOfGroupsEnds() {
        let a = SecurityIdentity("a", type: "GROUP", provider: "P")
        let b = SecurityIdentity("b", type: "GROUP", provider: "P")
        let graph = Graph(edges: [Self.alice: [(a, .member)], a: [(b, .member)], b: [(a, .member)]])
        let resolved = graph.resolve([Self.alice])
        #expect(resolved.all.count == 3)
        #expect(!resolved.truncated)
    }
}
