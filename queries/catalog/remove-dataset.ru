# What it does: removes a dataset's entry from the catalog (its graphs are dropped separately).
# Parameters: ?catalog (IRI), ?dataset (IRI).
DELETE { GRAPH ?catalog { ?dataset ?p ?o } }
WHERE { GRAPH ?catalog { ?dataset ?p ?o } }
