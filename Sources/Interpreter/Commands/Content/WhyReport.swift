import CoveoAPI

/// What `why` found, as a teacher would say it, and as JSON.
struct WhyReport {
    var documentId: String
    var source: SourceModel
    var security: SourceSecurity
    var identities: ResolvedIdentities
    var sourceDecision: AccessDecision?
    var itemDecision: AccessDecision?
    var indexFinds: Bool?
    /// Why the search that checks the outcome was not made.
    var indexCheckSkipped: String?

    var visible: Bool { (sourceDecision?.visible ?? true) && (itemDecision?.visible ?? true) }

    var who: String {
        let names = identities.searchers.map(\.name)
        return names.count <= 2
            ? names.joined(separator: " and ") : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
    }

    /// The verb for `who`: one searcher sees, several see.
    private func verb(_ one: String, _ several: String) -> String {
        identities.searchers.count == 1 ? one : several
    }

    /// The decision that hid it, or the last that showed it.
    var reason: String {
        if let decision = sourceDecision, !decision.visible { return "the source's permissions " + decision.reason }
        if let decision = itemDecision { return "the item's permissions " + decision.reason }
        if let decision = sourceDecision { return "the source's permissions " + decision.reason }
        return security.summary
    }

    var prose: String {
        var lines = [
            "\(who) \(visible ? verb("sees", "see") : verb("does not see", "do not see")) '\(documentId)' "
                + "(source \(source.name), \(source.visibility ?? "SECURED"): \(security.summary))",
            "\(who) \(verb("resolves", "resolve")) to \(identities.all.count) identit"
                + "\(identities.all.count == 1 ? "y" : "ies"):",
        ]
        for identity in identities.all {
            lines.append("  " + identities.path(to: identity).joined(separator: " → "))
        }
        if identities.truncated { lines.append("  … (stopped at \(ResolvedIdentities.maximumIdentities))") }
        if let sourceDecision { lines += Self.steps(sourceDecision, "the source's permissions") }
        if let itemDecision { lines += Self.steps(itemDecision, "the item's permissions") }
        lines.append("outcome: \(visible ? "visible" : "hidden"), as \(reason)")
        if let indexCheckSkipped {
            lines.append("the index was not asked: \(indexCheckSkipped)")
        } else if let indexFinds {
            lines.append(
                indexFinds == visible
                    ? "the index agrees: a search as \(who) \(indexFinds ? "finds" : "does not find") it"
                    : "the index disagrees: a search as \(who) \(indexFinds ? "finds" : "does not find") it "
                        + "(pshell's reading of the rules differs from the platform's here)")
        }
        // Names and ids come from the server: shown, never obeyed (an escape sequence in a group's name).
        return Redaction.visible(lines.joined(separator: "\n"))
    }

    private static func steps(_ decision: AccessDecision, _ what: String) -> [String] {
        guard !decision.levels.isEmpty else { return ["\(what): none (\(decision.reason))"] }
        var lines: [String] = []
        for level in decision.levels {
            let name = level.name.map { " '\($0)'" } ?? ""
            let last = level.index == decision.levels.count - 1
            let outcome =
                level.outcome.map { $0 ? "allows" : "denies" }
                ?? (last ? "does not name them" : "does not name them: the next level decides")
            lines.append("\(what), level \(level.index + 1)\(name): \(outcome)")
            for (index, verdict) in level.sets.enumerated() {
                lines.append("  set \(index + 1): " + text(verdict))
            }
        }
        return lines
    }

    private static func text(_ verdict: SetVerdict) -> String {
        switch verdict {
        case .allowed(let identity?): "allowed, as \(identity)"
        case .allowed(nil): "allowed: it allows anonymous users"
        case .denied(let identity): "denied, as \(identity)"
        case .notNamed: "names none of their identities"
        }
    }

    var json: JSON {
        func decision(_ decision: AccessDecision?) -> JSON {
            guard let decision else { return .null }
            let levels = decision.levels.map { level -> JSON in
                let sets = level.sets.map { verdict -> JSON in
                    switch verdict {
                    case .allowed(let identity): ["verdict": "ALLOWED", "identity": identity.map(Self.json) ?? .null]
                    case .denied(let identity): ["verdict": "DENIED", "identity": Self.json(identity)]
                    case .notNamed: ["verdict": "NOT_NAMED", "identity": .null]
                    }
                }
                return [
                    "level": .int(level.index + 1), "name": level.name.map(JSON.string) ?? .null,
                    "outcome": level.outcome.map { $0 ? "ALLOWED" : "DENIED" } ?? "NOT_NAMED", "sets": .array(sets),
                ]
            }
            return ["visible": .bool(decision.visible), "reason": .string(decision.reason), "levels": .array(levels)]
        }
        let resolved = identities.all.map { identity -> JSON in
            var object = Self.json(identity)
            object["path"] = .array(identities.path(to: identity).map(JSON.string))
            return object
        }
        return [
            "documentId": .string(documentId), "sourceId": .string(source.id), "visible": .bool(visible),
            "reason": .string(reason), "identities": .array(resolved), "sourcePermissions": decision(sourceDecision),
            "itemPermissions": decision(itemDecision), "indexAgrees": indexFinds.map { .bool($0 == visible) } ?? .null,
        ]
    }

    private static func json(_ identity: SecurityIdentity) -> JSON {
        ["name": .string(identity.name), "type": .string(identity.type), "provider": .string(identity.provider)]
    }
}
