# What it does: points a dataset at the graph holding the new state of its check runs and
#   findings, in one update, so that a reader sees either the old findings or the new ones.
#   Does nothing for a dataset no longer in the catalog (its new graph is then an orphan).
# Parameters: ?catalog (IRI), ?dataset (IRI), ?graph (IRI, the new findings graph).
PREFIX kg: <https://w3id.org/party-kg/ontology#>
DELETE { GRAPH ?catalog { ?dataset kg:currentFindingsGraph ?oldGraph } }
INSERT { GRAPH ?catalog { ?dataset kg:currentFindingsGraph ?graph } }
WHERE {
  GRAPH ?catalog { ?dataset a kg:Dataset }
  OPTIONAL { GRAPH ?catalog { ?dataset kg:currentFindingsGraph ?oldGraph } }
}
