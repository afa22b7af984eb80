import CoveoAPI
import Foundation

extension CreateOnce {
    /// Sends a source's create once, then, if the answer may hide a success, looks the source up by name.
    /// `fromRaw`: the model is a raw configuration, sent to `POST /sources/raw`.
    func source(_ model: JSON, name: String, fromRaw: Bool = false, client: CoveoClient) async throws -> JSON {
        try await self(
            "create", absent: "no source named '\(name)' exists", check: "list --filter \(Tokenizer.quote(name))",
            { () async throws(APIError) -> JSON in
                fromRaw ? try await client.createSourceFromRaw(model) : try await client.createSource(model)
            },
            exists: {
                let page = try SourcePage(await client.listSources(filter: name, page: 0, perPage: 100))
                guard let (id, found) = page.named(name) else { return nil }
                return ((try? await client.getSource(id)) ?? found, "a source named '\(name)' now exists (\(id))")
            })
    }
}
