"""The ontology and the seed graph as rdflib graphs, and their validation."""
