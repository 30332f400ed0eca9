# What it does: points a dataset at the graph of its new version, in one update, so that a
#   reader sees either the old version or the new one. Creates the catalog entry if missing.
# Parameters: ?catalog (IRI), ?dataset (IRI), ?name (string), ?graph (IRI, the new version's
#   graph), ?modified (xsd:dateTime), ?records and ?triples (xsd:integer).
PREFIX kg: <https://w3id.org/party-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
DELETE {
  GRAPH ?catalog {
    ?dataset kg:currentGraph ?oldGraph ;
             kg:datasetName ?oldName ;
             dcterms:modified ?oldModified ;
             kg:recordCount ?oldRecords ;
             kg:tripleCount ?oldTriples .
  }
}
INSERT {
  GRAPH ?catalog {
    ?dataset a kg:Dataset ;
             kg:datasetName ?name ;
             kg:currentGraph ?graph ;
             dcterms:modified ?modified ;
             kg:recordCount ?records ;
             kg:tripleCount ?triples .
  }
}
WHERE {
  OPTIONAL { GRAPH ?catalog { ?dataset kg:currentGraph ?oldGraph } }
  OPTIONAL { GRAPH ?catalog { ?dataset kg:datasetName ?oldName } }
  OPTIONAL { GRAPH ?catalog { ?dataset dcterms:modified ?oldModified } }
  OPTIONAL { GRAPH ?catalog { ?dataset kg:recordCount ?oldRecords } }
  OPTIONAL { GRAPH ?catalog { ?dataset kg:tripleCount ?oldTriples } }
}
