import CoveoAPI

/// `license`, `limits` and `privileges`: JSON for scripts; on a terminal, what the seed's prerequisites ask.
extension Shell {

}
