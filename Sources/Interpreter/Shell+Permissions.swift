import CoveoAPI
import Foundation

/// Source-level permissions (PRIVATE and SHARED sources), written through the raw JSON configuration
/// (docs.coveo.com/en/3246), and the raw configuration itself.
extension Shell {

}
