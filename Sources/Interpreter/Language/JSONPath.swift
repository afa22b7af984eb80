import CoveoAPI

/// A path into a JSON value as references write it (`$last.sourceModels[*].id`).
enum JSONPath {}
