/// Supplies Tab completion to the line editor.
package protocol LineCompleter: AnyObject, Sendable {
    /// Candidates for the word that ends at the cursor; `typed` is the part of that word already typed.
    func complete(_ textBeforeCursor: String) -> (typed: String, candidates: [String])
}
