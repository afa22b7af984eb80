/// What `explain` says of each command that calls the API: the operations, the privilege each requires
/// (the specifications' `x-required-privileges`, or the documentation where a specification has none),
/// what the fields mean, and where it comes from.
enum CommandExplanations {
    struct Operation: Sendable {
        var call: String
        var privilege: String
    }

    struct Explanation: Sendable {
        var operations: [Operation]
        var fields: String
        var reference: String
    }

    static let sourceView = "PLATFORM / SOURCE / VIEW on *"
    static let sourceEdit = "PLATFORM / SOURCE / EDIT on the source (Sources - Edit)"
    static let organizationView = "PLATFORM / ORGANIZATION / VIEW on *"
    static let pushEdit = "Sources - Edit on the target source (the Push API's documentation)"

    static let all: [String: Explanation] = [
        "create": Explanation(
            operations: [
                .init(call: "GET /rest/organizations/{org}/license, /limits, /privileges/token (the checks; --no-check skips them)", privilege: organizationView),
                .init(call: "POST /rest/organizations/{org}/sources", privilege: "PLATFORM / SOURCE / CREATE on * (the seed: the Edit access level on Sources)"),
                .init(call: "POST /rest/organizations/{org}/securityproviders (with --with-provider), then PUT the source", privilege: "PLATFORM / SECURITY_PROVIDER / CREATE on *"),
            ],
            fields: """
                sourceType        PUSH: the content comes through the Push API, not a crawler
                name              shown in the console; cannot change once the source exists
                sourceVisibility  PRIVATE (listed identities), SECURED (item permissions), SHARED (everyone)
                pushEnabled       true for a Push source
                The answer is the source model; its id ({org}-{26 characters}) is what every later call needs.
                """,
            reference: "seed 'Create a Push source' (docs.coveo.com/en/94); reference sections 3.1 and 5"),
        "get": Explanation(
            operations: [.init(call: "GET /rest/organizations/{org}/sources/{sourceId}", privilege: sourceView)],
            fields: "The source model: id, name, sourceVisibility, securityProviderReferences, information.sourceStatus, numberOfDocuments.",
            reference: "reference section 3.2 (coveo-source.yml, getSource)"),
        "list": Explanation(
            operations: [.init(call: "GET /rest/organizations/{org}/sources/pages?filter=&page=&perPage=", privilege: sourceView)],
            fields: "sourceModels (one page), totalEntries, totalPages; pages count from 0; filter applies from 2 characters.",
            reference: "reference section 3.3"),
        "update": Explanation(
            operations: [
                .init(call: "GET /rest/organizations/{org}/sources/{sourceId}", privilege: sourceView),
                .init(call: "PUT /rest/organizations/{org}/sources/{sourceId}", privilege: sourceEdit),
            ],
            fields: "A PUT replaces the whole simple configuration: pshell sends back the model it read, changed. The name cannot change.",
            reference: "seed 'Creating a Push Type Source' (update with PUT); reference section 3.4"),
        "delete": Explanation(
            operations: [.init(call: "DELETE /rest/organizations/{org}/sources/{sourceId}", privilege: sourceEdit)],
            fields: "Deletes the source and every item in it.", reference: "reference section 3.5"),
        "refresh": Explanation(
            operations: [.init(call: "GET /rest/organizations/{org}/sources/pages", privilege: sourceView)],
            fields: "Reads source ids and names again for Tab completion.", reference: "reference section 3.3"),
        "license": Explanation(
            operations: [.init(call: "GET /rest/organizations/{org}/license", privilege: organizationView)],
            fields: "connectors[type=PUSH].allowed and .sourceVisibilities say which Push sources may exist; expirationDate, expirationStatus.",
            reference: "seed prerequisites (docs.coveo.com/en/77); reference section 5.1"),
        "limits": Explanation(
            operations: [.init(call: "GET /rest/organizations/{org}/limits", privilege: organizationView)],
            fields: "content.numberOfSourcesLimit and content.numberOfSecurityProvidersLimit: actualCount must stay below limit.",
            reference: "seed prerequisites (docs.coveo.com/en/165); reference section 5.2"),
        "privileges": Explanation(
            operations: [
                .init(
                    call: "GET /rest/organizations/{org}/privileges/token (no accessToken: the calling token's own, so it stays out of the URL)",
                    privilege: "any valid token")
            ],
            fields: "Each privilege: owner, targetDomain, type (VIEW, EDIT, CREATE), targetId (* for all).",
            reference: "docs.coveo.com/en/109; reference section 5.3"),
        "field": Explanation(
            operations: [
                .init(call: "GET /rest/organizations/{org}/sources/page/fields", privilege: "PLATFORM / FIELD / VIEW on *"),
                .init(call: "POST /rest/organizations/{org}/sources/fields/batch/create", privilege: "PLATFORM / FIELD / CREATE on *"),
                .init(call: "DELETE /rest/organizations/{org}/sources/fields/batch/delete?fields=", privilege: "PLATFORM / FIELD / EDIT on *"),
            ],
            fields: """
                name    lower-case letters, digits, underscores; an item's metadata key of the same name fills it
                type    STRING, LONG (32-bit), LONG_64, DOUBLE, DATE; it cannot change once the field exists
                facet, multiValueFacet, sort   what queries may do with it
                """,
            reference: "docs.coveo.com/en/200 (fields), docs.coveo.com/en/1707#fields-domain; reference section 3.9"),
        "apikey": Explanation(
            operations: [
                .init(call: "POST /rest/organizations/{org}/apikeys", privilege: "PLATFORM / API_KEY / CREATE on * (and every privilege it grants)"),
                .init(call: "GET /rest/organizations/{org}/apikeys", privilege: "PLATFORM / API_KEY / VIEW on *"),
                .init(call: "PUT .../apikeys/{id}/disable, DELETE .../apikeys/{id}", privilege: "PLATFORM / API_KEY / EDIT on the key"),
            ],
            fields: """
                privileges   a Push source's key: SOURCE EDIT and VIEW on that source, ORGANIZATION VIEW
                value        shown in the answer that creates the key, and never again (the list masks it)
                """,
            reference: "seed: creating a Push source (the console's API key); coveo-authorization.yml"),
        "provider": Explanation(
            operations: [
                .init(call: "POST /rest/organizations/{org}/securityproviders", privilege: "PLATFORM / SECURITY_PROVIDER / CREATE on *"),
                .init(call: "GET /rest/organizations/{org}/securityproviders[/{id}]", privilege: "PLATFORM / SECURITY_PROVIDER / VIEW on *"),
                .init(call: "DELETE /rest/organizations/{org}/securityproviders/{id}", privilege: "PLATFORM / SECURITY_PROVIDER / EDIT on the provider"),
            ],
            fields: """
                type EXPANDED       a provider that expands the groups pushed to it into their members
                nodeRequired false  no on-premises node
                referencedBy        the source it serves; the source lists it in securityProviderReferences
                cascadingSecurityProviders  the Email Security Provider: identities that are email addresses resolve there
                """,
            reference: "seed leading practice; docs.coveo.com/en/85; reference section 4"),
        "permissions": Explanation(
            operations: [
                .init(call: "GET /rest/organizations/{org}/sources/{sourceId}/raw", privilege: sourceView),
                .init(call: "PUT /rest/organizations/{org}/sources/{sourceId}/raw", privilege: sourceEdit),
            ],
            fields: """
                configuration.sourceSecurityOption  Specified: the source's own permissions apply to all its items
                configuration.permissions           levels of sets: allowAnonymous, allowedPermissions, deniedPermissions
                each identity                       identity, identityType (User, Group, VirtualGroup), securityProvider
                """,
            reference: "seed note on source-level permissions (docs.coveo.com/en/3246); reference section 3.7"),
        "raw": Explanation(
            operations: [
                .init(call: "GET /rest/organizations/{org}/sources/{sourceId}/raw", privilege: sourceView),
                .init(call: "PUT /rest/organizations/{org}/sources/{sourceId}/raw (with --put)", privilege: sourceEdit),
            ],
            fields: "The raw JSON configuration: configuration (security option, permissions, parameters), mappings, securityProviderReferences.",
            reference: "reference section 3.6"),
        "push": Explanation(
            operations: [
                .init(call: "PUT {push}/push/v1/organizations/{org}/sources/{sourceId}/documents?documentId=", privilege: pushEdit),
                .init(call: "POST {push}/push/v1/organizations/{org}/files, PUT uploadUri, PUT .../documents/batch?fileId= (@FILE)", privilege: pushEdit),
            ],
            fields: "data or compressedBinaryData, title, permissions, metadata; the answer is 202 Accepted: queued, not indexed (see --wait, logs).",
            reference: "reference sections 6.2 and 6.4; 'add content to your custom source'"),
        "remove": Explanation(
            operations: [.init(call: "DELETE {push}/push/v1/organizations/{org}/sources/{sourceId}/documents[/olderthan]", privilege: pushEdit)],
            fields: "documentId and deleteChildren, or orderingId and queueDelay; a future orderingId blocks the source.",
            reference: "reference sections 6.3 and 6.6"),
        "status": Explanation(
            operations: [.init(call: "POST {push}/push/v1/organizations/{org}/sources/{sourceId}/status?statusType=", privilege: pushEdit)],
            fields: "REBUILD, REFRESH or INCREMENTAL before a push, IDLE after it.", reference: "reference section 6.1"),
        "identity": Explanation(
            operations: [
                .init(call: "PUT {push}/push/v1/organizations/{org}/providers/{provider}/permissions (set), /mappings (alias)", privilege: "Security identities - Edit"),
                .init(call: "DELETE .../permissions (delete), .../permissions/olderthan (remove); PUT .../permissions/batch?fileId= (push)", privilege: "Security identities - Edit"),
            ],
            fields: "identity {name, type USER|GROUP|VIRTUAL_GROUP}, members, wellKnowns (granted identities), mappings (aliases).",
            reference: "docs.coveo.com/en/55 and /en/167; reference section 6.5"),
        "logs": Explanation(
            operations: [.init(call: "POST {push}/logs/v1/organizations/{org}?from=&to= {\"sourcesIds\": [...]}", privilege: sourceView)],
            fields: "Each entry: id (the item), operation, result (COMPLETED, REJECTED, ...), meta.reason, datetime.",
            reference: "coveo-source-logs.yml; reference section 9, pain 1"),
        "items": Explanation(
            operations: [.init(call: "GET /sandbox/v1/organizations/{org}/sources/{sourceId}/items (pshell's sandbox only)", privilege: sourceView)],
            fields: "What the sandbox has indexed: no Coveo API lists a source's items.", reference: "pshell"),
    ]
}
