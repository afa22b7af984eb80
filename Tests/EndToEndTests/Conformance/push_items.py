"""Pushes content with Coveo's official Python client into a pshell sandbox: one item (addOrUpdateDocument)
and a batch through a file container (batchUpdateDocuments). Usage: push_items.py BASE_URL ORG API_KEY SOURCE_ID
Prints the status codes as one JSON line."""
import json
import sys

from push_api_clientpy import BatchUpdate, DocumentBuilder, PlatformClient, Source

base, org, key, source_id = sys.argv[1:5]
PlatformClient._PlatformClient__basePushURL = lambda self: f"{base}/push/v1/organizations/{self.organizationid}"
PlatformClient._PlatformClient__basePlatformURL = lambda self: f"{base}/rest/organizations/{self.organizationid}"

source = Source(key, org)
single = source.addOrUpdateDocument(
    source_id,
    DocumentBuilder("https://example.com/single", "Single item").withData("pushed alone").withAuthor("bob")
    .withMetadataValue("category", "news"))
batch = [DocumentBuilder(f"https://example.com/batch/{i}", f"Batch item {i}").withData(f"number {i}") for i in range(3)]
batch_response = source.batchUpdateDocuments(source_id, BatchUpdate(addOrUpdate=batch, delete=[]))
print(json.dumps({"single": single.status_code, "batch": batch_response.status_code}))
