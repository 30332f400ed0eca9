"""The regulation side of the service: the ontology, the code lists, the SHACL shapes, the
seed graph of the regulation's text and obligations, and their validation (HermiT, pySHACL)."""
