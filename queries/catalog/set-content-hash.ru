# What it does: records the content hash of a public graph after it was (re)loaded.
# Parameters: ?catalog (IRI), ?graph (IRI), ?hash (string).
PREFIX kg: <https://w3id.org/party-kg/ontology#>
DELETE { GRAPH ?catalog { ?graph kg:contentHash ?oldHash } }
INSERT { GRAPH ?catalog { ?graph kg:contentHash ?hash } }
WHERE {
  OPTIONAL { GRAPH ?catalog { ?graph kg:contentHash ?oldHash } }
}
