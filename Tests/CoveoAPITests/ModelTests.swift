import CoveoAPI
import Testing

@Suite struct ModelTests {
    let source: JSON = try! JSONParser.parse(
        #"{"sourceType":"PUSH","id":"org-abc","name":"Docs","future":{"x":[1,2]},"sourceVisibility":"SECURED","#
            + #""securityProviderReferences":["P1"],"#
            + #""information":{"sourceStatus":{"type":"IDLE"},"numberOfDocuments":12}}"#
    )

    @Test func aSourceModelReadsItsFieldsAndKeepsTheRest() throws {
        let model = try SourceModel(source)
        #expect(model.id == "org-abc")
        #expect(model.name == "Docs")
        #expect(model.visibility == "SECURED")
        #expect(model.providerReferences == ["P1"])
        #expect(model.status == "IDLE")
        #expect(model.numberOfDocuments == .number("12"))
        // What goes back in a PUT: every member, in order, the unknown one included; only the references change.
        let changed = model.referencing(["P1", "P2"])
        #expect(changed.json.keys == model.json.keys)
        #expect(changed.json["future"] == source["future"])
        #expect(changed.json["securityProviderReferences"] == ["P1", "P2"])
        #expect(changed.providerReferences == ["P1", "P2"])
    }

    @Test func aMissingOrMistypedFieldIsNamed() {
        #expect(throws: ModelError(model: "source model", field: "name", problem: "is missing")) {
            try SourceModel(["id": "a"])
        }
        #expect(throws: ModelError(model: "source model", field: "id", problem: "is a number, not a string")) {
            try SourceModel(["id": 3, "name": "x"])
        }
        #expect(
            throws: ModelError(
                model: "source model", field: "information.sourceStatus.type", problem: "is an array, not a string")
        ) {
            try SourceModel(["id": "a", "name": "x", "information": ["sourceStatus": ["type": []]]])
        }
        #expect(
            throws: ModelError(
                model: "source model", field: "securityProviderReferences",
                problem: "is an array, not an array of strings")
        ) {
            try SourceModel(["id": "a", "name": "x", "securityProviderReferences": [1]])
        }
        #expect(throws: ModelError(model: "license", field: "answer", problem: "is an array, not an object")) {
            try LicenseModel([])
        }
        #expect(
            ModelError(model: "source model", field: "name", problem: "is missing").description
                == "the source model's name is missing")
    }

    @Test func theLicenseAndTheLimits() throws {
        let license = try LicenseModel([
            "connectors": [
                ["type": "CRAWLER", "allowed": true],
                ["type": "PUSH", "allowed": true, "sourceVisibilities": ["SHARED"]],
            ],
            "expirationStatus": "EXPIRED", "expirationDate": 1_700_000_000_000,
        ])
        #expect(license.pushAllowed)
        #expect(license.pushVisibilities == ["SHARED"])
        #expect(license.expired)
        #expect(license.expirationDate == 1_700_000_000_000)
        #expect(try LicenseModel(["connectors": []]).pushAllowed == false)
        let limits = try LimitsModel(["content": ["numberOfSourcesLimit": ["limit": 10, "actualCount": 3]]])
        #expect(try limits.usage("numberOfSourcesLimit")! == (3, 10))
        #expect(try limits.usage("numberOfSecurityProvidersLimit") == nil)
        #expect(throws: ModelError(model: "limits", field: "content.x.limit", problem: "is a string, not a number")) {
            try LimitsModel(["content": ["x": ["limit": "ten"]]]).usage("x")
        }
    }

    @Test func aProviderNamesTheSourcesThatReferenceIt() throws {
        let provider = try SecurityProvider([
            "id": "P", "type": "EXPANDED",
            "referencedBy": [["id": "s1", "type": "SOURCE"], ["id": "s2", "type": "SOURCE"]],
        ])
        #expect(provider.referencedBy == ["s1", "s2"])
        #expect(provider.displayName == nil)
    }

    @Test func sandboxSettingsAreOneTypeOnBothSidesOfTheWire() throws {
        let changes = SandboxSettings(sourcesLimit: 1, pushVisibilities: [])
        #expect(changes.json == ["numberOfSourcesLimit": 1, "pushVisibilities": []])
        #expect(try SandboxSettings(json: changes.json) == changes)
        #expect(SandboxSettings().isEmpty)
        let all = SandboxSettings(
            sourcesLimit: 15, providersLimit: 2, pushVisibilities: ["SHARED"], licenseExpired: true)
        #expect(
            all.summary
                == "PUSH SHARED, license expired, numberOfSourcesLimit 15, numberOfSecurityProvidersLimit 2")
        let burst = SandboxSettings(streamBurst: 3)
        #expect(burst.json == ["streamRequestsPer5Minutes": 3])
        #expect(try SandboxSettings(json: burst.json) == burst)
        #expect(burst.summary.hasSuffix(", Stream API 3 requests per 5 minutes"))
        for (json, message) in [
            (
                ["sourcesLimit": 1] as JSON,
                "Unknown setting 'sourcesLimit'; the settings are numberOfSourcesLimit, "
                    + "numberOfSecurityProvidersLimit, pushVisibilities, licenseExpired, streamRequestsPer5Minutes."
            ),
            (["numberOfSourcesLimit": -1], "numberOfSourcesLimit must be a whole number from 0."),
            (
                ["pushVisibilities": ["PUBLIC"]],
                "pushVisibilities must list PRIVATE, SECURED or SHARED ([] for no PUSH connector)."
            ),
            (["licenseExpired": "yes"], "licenseExpired must be true or false."),
            ([], "The settings must be an object, not an array."),
        ] {
            #expect(throws: SandboxSettings.Invalid(message: message)) { try SandboxSettings(json: json) }
        }
    }
}
