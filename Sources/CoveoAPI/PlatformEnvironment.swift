/// A Coveo platform environment: production, HIPAA, or Coveo's own development and staging stacks.
package enum PlatformEnvironment: String, Sendable, CaseIterable {
    case prod, hipaa, dev, stg

    /// The host infix: empty for production.
    var hostInfix: String { self == .prod ? "" : rawValue }
}
