/// What Tab offers: the candidates for the word under the cursor, and how many characters of it are typed.
package struct Completion: Sendable, Equatable {
    /// The characters of the current word already typed (they are replaced by the candidate).
    package var typed: String
    package var candidates: [String]

    package init(typed: String, candidates: [String]) {
        self.typed = typed
        self.candidates = candidates
    }
}
