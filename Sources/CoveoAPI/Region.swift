/// A Coveo deployment region. The Push API in particular must be called in the organization's own region.
package enum Region: String, Sendable, CaseIterable {
    case us, eu, au, ca

    /// The host suffix: empty for the default region, `-eu` and so on for the others.
    var hostSuffix: String { self == .us ? "" : "-\(rawValue)" }
}
