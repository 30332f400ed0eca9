"""Importing an organisation's records: CSV files of the data contract, or RDF files that use
the ontology. Both are checked whole and loaded atomically as one dataset version."""

from .csv_import import ImportReport, csv_dataset_ntriples, import_csv_dataset, write_csv_dataset_ntriples

__all__ = ["ImportReport", "csv_dataset_ntriples", "import_csv_dataset", "write_csv_dataset_ntriples"]
from .rdf_import import RDF_EXTENSIONS, import_rdf_files, rdf_files_ntriples

__all__ += ["RDF_EXTENSIONS", "import_rdf_files", "rdf_files_ntriples"]
