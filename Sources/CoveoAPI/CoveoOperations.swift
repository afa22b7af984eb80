/// The operations pshell calls and its sandbox emulates, each as Coveo's specification declares it (the privileges
/// are the specifications' `x-required-privileges`; the Push API's and the Source Logs', which declare none, are
/// their documentation's).
extension CoveoOperation {
    private static let organization = "/rest/organizations/{organizationId}"
    private static let push = "/push/v1/organizations/{organizationId}"

    private static func platform(
        _ method: String, _ path: String, _ domain: String, _ type: String, on target: String = "*"
    ) -> CoveoOperation {
        CoveoOperation(method, organization + path, .platform, .organization(Privilege(domain, type, on: target)))
    }

    // MARK: Organizations, license, limits, privileges

    package static let listOrganizations = CoveoOperation("GET", "/rest/organizations", .platform, .token)
    package static let getOrganization = platform("GET", "", "ORGANIZATION", "VIEW")
    package static let getLicense = platform("GET", "/license", "ORGANIZATION", "VIEW")
    package static let getLicenseSection = platform("GET", "/license/{sectionName}", "ORGANIZATION", "VIEW")
    package static let getLimits = platform("GET", "/limits", "ORGANIZATION", "VIEW")
    package static let getLimitsSection = platform("GET", "/limits/{sectionName}", "ORGANIZATION", "VIEW")
    package static let getLimit = platform("GET", "/limits/{sectionName}/{limitKey}", "ORGANIZATION", "VIEW")
    package static let getPrivilegesOfToken = CoveoOperation(
        "GET", organization + "/privileges/token", .platform, .organization(nil))
    package static let postPrivilegesOfToken = CoveoOperation(
        "POST", organization + "/privileges/token", .platform, .organization(nil))
    package static let getMyPrivileges = CoveoOperation(
        "GET", organization + "/privileges/me", .platform, .organization(nil))
    package static let evaluatePrivilege = CoveoOperation("POST", "/rest/privilege/evaluate", .platform, .token)
    package static let checkToken = CoveoOperation("POST", "/oauth/check_token", .platform, .open)

    // MARK: Sources

    package static let listSources = platform("GET", "/sources", "SOURCE", "VIEW")
    package static let createSource = platform("POST", "/sources", "SOURCE", "CREATE")
    package static let listSourcePages = platform("GET", "/sources/pages", "SOURCE", "VIEW")
    /// The specification asks VIEW on `*`; a key made for one source (VIEW on it) reads it, as the Administration
    /// Console's source keys do.
    package static let getSource = platform("GET", "/sources/{sourceId}", "SOURCE", "VIEW", on: "{sourceId}")
    package static let updateSource = platform("PUT", "/sources/{sourceId}", "SOURCE", "EDIT", on: "{sourceId}")
    package static let deleteSource = platform("DELETE", "/sources/{sourceId}", "SOURCE", "EDIT", on: "{sourceId}")
    package static let createRawSource = platform("POST", "/sources/raw", "SOURCE", "CREATE")
    package static let getRawSource = platform("GET", "/sources/{sourceId}/raw", "SOURCE", "VIEW", on: "{sourceId}")
    package static let updateRawSource = platform(
        "PUT", "/sources/{sourceId}/raw", "SOURCE", "EDIT", on: "{sourceId}")

    // MARK: Fields (at the specification's `/sources` paths, and at `/indexes`, where platform-client calls them)

    /// The field operations under `/sources` or `/indexes`.
    package struct Fields: Sendable {
        package let list, create, page, createBatch, updateBatch, deleteBatch, get, update, delete: CoveoOperation

        init(under base: String) {
            func field(_ method: String, _ path: String, _ type: String) -> CoveoOperation {
                platform(method, base + path, "FIELD", type)
            }
            list = field("GET", "/fields", "VIEW")
            create = field("POST", "/fields", "CREATE")
            page = field("GET", "/page/fields", "VIEW")
            createBatch = field("POST", "/fields/batch/create", "CREATE")
            updateBatch = field("PUT", "/fields/batch/update", "EDIT")
            deleteBatch = field("DELETE", "/fields/batch/delete", "EDIT")
            get = field("GET", "/fields/{fieldId}", "VIEW")
            update = field("PUT", "/fields/{fieldId}", "EDIT")
            delete = field("DELETE", "/fields/{fieldId}", "EDIT")
        }

        package var all: [CoveoOperation] {
            [list, create, page, createBatch, updateBatch, deleteBatch, get, update, delete]
        }
    }

    package static let sourceFields = Fields(under: "/sources")
    package static let indexFields = Fields(under: "/indexes")
    /// platform-client's `field.search`: a page of fields by `{filters: {name, type, origin, facet, sort}}`.
    package static let searchFields = platform("POST", "/indexes/fields/search", "FIELD", "VIEW")

    // MARK: Security identity providers and API keys

    package static let listProviders = platform("GET", "/securityproviders", "SECURITY_PROVIDER", "VIEW")
    /// The security cache's identities, filtered by provider, type and name (SECURITY_CACHE VIEW also works).
    package static let listSecurityIdentities = platform(
        "POST", "/securitycache/entities/list", "SECURITY_PROVIDER", "VIEW")
    /// The security cache's direct parents of an identity: the groups that hold it as a member, the aliases that
    /// map to it, the identities it is granted (`why` walks them up from a searcher).
    package static let securityParents = platform(
        "POST", "/securitycache/entities/{securityProviderId}/members/parents", "SECURITY_PROVIDER", "VIEW")
    package static let createProvider = platform("POST", "/securityproviders", "SECURITY_PROVIDER", "CREATE")
    package static let listProviderPage = platform("GET", "/securityproviders/page", "SECURITY_PROVIDER", "VIEW")
    package static let getProvider = platform(
        "GET", "/securityproviders/{securityProviderId}", "SECURITY_PROVIDER", "VIEW")
    package static let putProvider = platform(
        "PUT", "/securityproviders/{securityProviderId}", "SECURITY_PROVIDER", "CREATE")
    package static let deleteProvider = platform(
        "DELETE", "/securityproviders/{securityProviderId}", "SECURITY_PROVIDER", "EDIT", on: "{securityProviderId}")
    package static let listAPIKeys = platform("GET", "/apikeys", "API_KEY", "VIEW")
    package static let createAPIKey = platform("POST", "/apikeys", "API_KEY", "CREATE")
    package static let getAPIKey = platform("GET", "/apikeys/{apiKeyId}", "API_KEY", "VIEW")
    package static let deleteAPIKey = platform("DELETE", "/apikeys/{apiKeyId}", "API_KEY", "EDIT", on: "{apiKeyId}")
    package static let disableAPIKey = platform(
        "PUT", "/apikeys/{apiKeyId}/disable", "API_KEY", "EDIT", on: "{apiKeyId}")
    package static let activateAPIKey = platform(
        "PUT", "/apikeys/{apiKeyId}/activate", "API_KEY", "EDIT", on: "{apiKeyId}")

    // MARK: The Push API (its documentation: "Sources - Edit" on the target source; identities, the security cache)

    private static func push(_ method: String, _ path: String, _ privilege: Privilege?) -> CoveoOperation {
        CoveoOperation(method, push + path, .push, .organization(privilege))
    }

    private static let editSource = Privilege("SOURCE", "EDIT", on: "{sourceId}")
    private static let editCache = Privilege("SECURITY_CACHE", "EDIT")

    /// Any key of the organization may ask; only one that may push something gets a container.
    package static let createFileContainer = push("POST", "/files", Privilege("ORGANIZATION", "VIEW"))
    package static let setSourceStatus = push("POST", "/sources/{sourceId}/status", editSource)
    package static let putItem = push("PUT", "/sources/{sourceId}/documents", editSource)
    package static let deleteItem = push("DELETE", "/sources/{sourceId}/documents", editSource)
    package static let deleteOlderItems = push("DELETE", "/sources/{sourceId}/documents/olderthan", editSource)
    package static let pushItemBatch = push("PUT", "/sources/{sourceId}/documents/batch", editSource)
    package static let putIdentity = push("PUT", "/providers/{providerId}/permissions", editCache)
    package static let deleteIdentity = push("DELETE", "/providers/{providerId}/permissions", editCache)
    package static let putAlias = push("PUT", "/providers/{providerId}/mappings", editCache)
    package static let deleteOlderIdentities = push(
        "DELETE", "/providers/{providerId}/permissions/olderthan", editCache)
    package static let pushIdentityBatch = push("PUT", "/providers/{providerId}/permissions/batch", editCache)

    // MARK: The Stream API (Catalog sources), on the Push API's host, with the same privilege

    package static let openStream = push("POST", "/sources/{sourceId}/stream/open", editSource)
    package static let streamChunk = push("POST", "/sources/{sourceId}/stream/{streamId}/chunk", editSource)
    package static let closeStream = push("POST", "/sources/{sourceId}/stream/{streamId}/close", editSource)
    package static let streamUpdate = push("PUT", "/sources/{sourceId}/stream/update", editSource)
    package static let streamMerge = push("PUT", "/sources/{sourceId}/stream/merge", editSource)
    package static let streamDeleteOlderThan = push(
        "POST", "/sources/{sourceId}/stream/deleteolderthan/{epochMilliseconds}", editSource)

    // MARK: The Source Logs (VIEW on each source the body filters on, every source without a filter)

    package static let searchLogs = CoveoOperation(
        "POST", "/logs/v1/organizations/{organizationId}", .logs, .organization(nil))
    package static let countLogs = CoveoOperation(
        "POST", "/logs/v1/organizations/{organizationId}/facetsStats", .logs, .organization(nil))
    package static let logFacets = CoveoOperation(
        "POST", "/logs/v1/organizations/{organizationId}/facets", .logs, .organization(nil))

    // MARK: The Search API (platform-client's `search`: the organization in the query string)

    /// A search token for `userIds` (SEARCH_API / IMPERSONATE, checked with the body).
    package static let createSearchToken = CoveoOperation("POST", "/rest/search/v2/token", .search, .token)
    /// A query, authenticated by a search token or an API key (EXECUTE_QUERY), both checked with the query.
    package static let searchQuery = CoveoOperation("POST", "/rest/search/v2", .search, .open)
}
