import CoveoAPI

/// Every operation the sandbox emulates, one declaration each: Coveo's operation (method, path, API, access) and
/// the store's work. A request for anything else is answered 404 "not emulated by the sandbox".
extension SandboxOperation {
    static let all: [SandboxOperation] =
        organization + sources + fieldSearch + fields + securityAndKeys + push + search + sandbox

    /// The Search API: a token for identities, and a query as them.
    static let search: [SandboxOperation] = [
        .init(.createSearchToken) { try $0.createSearchToken($1) },
        .init(.searchQuery) { try $0.search($1) },
    ]

    static let organization: [SandboxOperation] = [
        .init(.listOrganizations) { store, _ in .json(200, [store.organizationModel]) },
        .init(.getOrganization) { store, _ in .json(200, store.organizationModel) },
        .init(.getLicense) { store, _ in .json(200, store.licenseModel) },
        .init(.getLicenseSection) { try $0.licenseSection($1["sectionName"]) },
        .init(.getLimits) { store, _ in try store.limitsSection([]) },
        .init(.getLimitsSection) { try $0.limitsSection([$1["sectionName"]]) },
        .init(.getLimit) { try $0.limitsSection([$1["sectionName"], $1["limitKey"]]) },
        .init(.getPrivilegesOfToken) { try $0.privilegesOfToken($1) },
        .init(.postPrivilegesOfToken) { try $0.privilegesOfToken($1) },
        .init(.getMyPrivileges) { store, call in .json(200, store.privilegeList(try call.caller())) },
        .init(.evaluatePrivilege) { try $0.evaluatePrivilege($1) },
        .init(.checkToken) { try $0.checkToken($1) },
    ]

    static let sources: [SandboxOperation] = [
        .init(.listSources) { store, call in .json(200, .array(try store.filteredSources(call.request))) },
        .init(.createSource) { store, call in try store.createSource(call.request, key: try call.caller()) },
        .init(.listSourcePages) { try $0.sourcePage($1.request) },
        .init(.getSource) { store, call in .json(200, try store.source(call["sourceId"]).record.json) },
        .init(.updateSource) { store, call in
            try store.updateSource(call["sourceId"], call.request, key: try call.caller())
        },
        .init(.deleteSource) { try $0.deleteSource($1["sourceId"]) },
        .init(.createRawSource) { store, call in try store.createFromRaw(call.request, key: try call.caller()) },
        .init(.getRawSource) { store, call in .json(200, try store.rawModel(call["sourceId"])) },
        .init(.updateRawSource) { store, call in
            try store.putRaw(call["sourceId"], call.request, key: try call.caller())
            return .json(200, try store.rawModel(call["sourceId"]))
        },
    ]

    /// The field operations, at the specification's `/sources` paths and at the `/indexes` ones platform-client
    /// calls.
    static let fields: [SandboxOperation] = [CoveoOperation.sourceFields, CoveoOperation.indexFields].flatMap { paths in
        [
            .init(paths.list) { store, _ in
                .json(200, .array(store.state.fields.sorted { $0.key < $1.key }.map(\.value)))
            },
            .init(paths.create) { store, call in
                try store.createFields([.object(try store.body(call.request, "a field model"))])
                return .noContent()
            },
            .init(paths.page) { try $0.fieldPage($1.request) },
            .init(paths.createBatch) { store, call in
                try store.createFields(try store.fieldList(call.request))
                return .noContent()
            },
            .init(paths.updateBatch) { store, call in
                try store.updateFields(try store.fieldList(call.request))
                return .noContent()
            },
            .init(paths.deleteBatch) { try $0.deleteFieldBatch($1.request) },
            .init(paths.get) { try $0.field($1["fieldId"]) },
            .init(paths.update) { try $0.updateField($1["fieldId"], $1.request) },
            .init(paths.delete) { store, call in
                try store.deleteFields([call["fieldId"]])
                return .noContent()
            },
        ]
    }

    static let fieldSearch: [SandboxOperation] = [.init(.searchFields) { try $0.searchFields($1.request) }]

    static let securityAndKeys: [SandboxOperation] = [
        .init(.listProviders) { store, _ in .json(200, .array(store.allProviders().map(store.providerWithStatus))) },
        .init(.createProvider) { store, call in
            .json(200, store.providerModel(try store.saveProvider(pathID: nil, call.request)))
        },
        .init(.listProviderPage) { try $0.providerPage($1.request) },
        .init(.listSecurityIdentities) { try $0.listSecurityIdentities($1.request) },
        .init(.securityParents) { try $0.securityParents($1["securityProviderId"], $1.request) },
        .init(.getProvider) { store, call in
            .json(200, store.providerWithStatus(try store.provider(call["securityProviderId"])))
        },
        .init(.putProvider) { store, call in
            .json(
                200, store.providerWithStatus(try store.saveProvider(pathID: call["securityProviderId"], call.request)))
        },
        .init(.deleteProvider) { store, call in
            try store.deleteProvider(call["securityProviderId"])
            return .noContent()
        },
        .init(.listAPIKeys) { store, _ in
            .json(200, .array(store.state.keys.map { $0.model(organization: store.state.organization) }))
        },
        .init(.createAPIKey) { store, call in try store.createAPIKey(call.request, creator: try call.caller()) },
        .init(.getAPIKey) { try $0.getAPIKey($1["apiKeyId"]) },
        .init(.deleteAPIKey) { try $0.deleteAPIKey($1["apiKeyId"], caller: try $1.caller()) },
        .init(.disableAPIKey) { try $0.enableAPIKey($1["apiKeyId"], false, caller: try $1.caller()) },
        .init(.activateAPIKey) { try $0.enableAPIKey($1["apiKeyId"], true, caller: try $1.caller()) },
    ]

    static let push: [SandboxOperation] = [
        .init(.createFileContainer) { store, call in try store.createFileContainer(call.request, key: try call.caller())
        },
        .init(.setSourceStatus) { store, call in try store.setStatus(try store.pushSource(call), call.request) },
        .init(.putItem) { store, call in try store.putItem(try store.pushSource(call), call.request) },
        .init(.deleteItem) { store, call in try store.deleteItem(try store.pushSource(call), call.request) },
        .init(.deleteOlderItems) { store, call in try store.deleteOlderItems(try store.pushSource(call), call.request)
        },
        .init(.pushItemBatch) { store, call in try store.batch(try store.pushSource(call), call.request) },
        .init(.putIdentity) { store, call in try store.putIdentity(try store.identityProvider(call), call.request) },
        .init(.deleteIdentity) { store, call in
            try store.deleteIdentity(try store.identityProvider(call), call.request)
        },
        .init(.putAlias) { store, call in try store.putAlias(try store.identityProvider(call), call.request) },
        .init(.deleteOlderIdentities) { store, call in
            try store.deleteOlderIdentities(try store.identityProvider(call), call.request)
        },
        .init(.pushIdentityBatch) { store, call in
            try store.identityBatch(try store.identityProvider(call), call.request)
        },
        .init(.openStream) { store, call in try store.openStream(try store.streamSource(call), call.request) },
        .init(.streamChunk) { store, call in try store.streamChunk(try store.streamSource(call), call) },
        .init(.closeStream) { store, call in try store.closeStream(try store.streamSource(call), call) },
        .init(.streamUpdate) { store, call in try store.streamUpdate(try store.streamSource(call), call.request) },
        .init(.streamMerge) { store, call in try store.streamMerge(try store.streamSource(call), call.request) },
        .init(.streamDeleteOlderThan) { store, call in
            try store.streamDeleteOlderThan(try store.streamSource(call), call)
        },
        .init(.searchLogs) { try $0.logs($1, .entries) },
        .init(.countLogs) { try $0.logs($1, .counts) },
        .init(.logFacets) { try $0.logs($1, .values) },
        .init(.upload) { try $0.upload($1["fileId"], $1.request) },
    ]

    static let sandbox: [SandboxOperation] = [
        .init(.sandboxSettings) { store, _ in .json(200, store.settings.json) },
        .init(.changeSandboxSettings) { try $0.changeSettings($1.request) },
        .init(.sandboxIdentities) { try $0.identities(of: $1["providerId"]) },
        .init(.sandboxItems) { try $0.items(of: $1["sourceId"], $1.request) },
    ]
}

/// The sandbox's own operations, and the file container's upload (S3's, in production).
extension CoveoOperation {
    private static let sandboxOrganization = "/sandbox/v1/organizations/{organizationId}"

    static let upload = CoveoOperation("PUT", "/upload/{fileId}", .upload, .open)
    /// The license and limits the sandbox emulates: any key of the organization reads them, one that may edit
    /// sources changes them.
    static let sandboxSettings = CoveoOperation("GET", sandboxOrganization + "/settings", .sandbox, .organization(nil))
    static let changeSandboxSettings = CoveoOperation(
        "PUT", sandboxOrganization + "/settings", .sandbox, .organization(Privilege("SOURCE", "EDIT")))
    /// What a provider holds, and what a source indexed: no Coveo API lists them; the sandbox can.
    static let sandboxIdentities = CoveoOperation(
        "GET", sandboxOrganization + "/providers/{providerId}/identities", .sandbox,
        .organization(Privilege("SECURITY_PROVIDER", "VIEW")))
    static let sandboxItems = CoveoOperation(
        "GET", sandboxOrganization + "/sources/{sourceId}/items", .sandbox,
        .organization(Privilege("SOURCE", "VIEW", on: "{sourceId}")))
}
