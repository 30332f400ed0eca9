"""The SPARQL 1.1 protocol, independent of any web framework.

Who may see which graphs (access), what a request asks for (scan), which format to answer in
(negotiation), result serialisation with a size limit (results), and query execution in
killable worker processes with a timeout (workers). `kg_service.web` wraps these in Flask.
"""
