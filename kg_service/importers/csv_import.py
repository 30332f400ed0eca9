"""Importing a directory of CSV files as one dataset: checked whole, then loaded atomically.

The N-Triples of the dataset are streamed, as they are produced, into a bulk load of a fresh
version graph, and the catalog is switched to it only when the whole pass has succeeded
(kg_service.store.catalog.replace_dataset). Streaming lets the store index one batch while
the next is converted (measured at 100k members: 40.0 s, against 44.6 s when converting to a
temporary file first). A refused dataset raises InputError at the end of the pass, out of
the bulk load, which then commits nothing; replace_dataset drops the unfinished graph and
the catalog never points at it, so the store stays as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..store import catalog
from ..store.base import Store
from .csv_dataset import CsvDataset, Progress


@dataclass
class ImportReport:
    dataset: str
    graph: str
    records: int
    triples: int
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def default_dataset_name(directory: str | Path) -> str:
    return Path(directory).resolve().name


def write_csv_dataset_ntriples(directory: str | Path, dataset: str, out, *,
                               progress: Progress | None = None) -> CsvDataset:
    """Check the CSV dataset and write its N-Triples to the binary file `out`; the returned
    CsvDataset has the counts and warnings. Raises InputError if the dataset is refused."""
    data = CsvDataset(directory, dataset, progress=progress)
    for chunk in data.chunks():
        out.write(chunk)
    return data


def csv_dataset_ntriples(directory: str | Path, dataset: str | None = None) -> bytes:
    """The N-Triples of a CSV dataset, without loading it anywhere (for benchmarks and tests)."""
    data = CsvDataset(directory, dataset or default_dataset_name(directory))
    return b"".join(data.chunks())


def import_csv_dataset(store: Store, directory: str | Path, dataset: str | None = None, *,
                       progress: Progress | None = None) -> ImportReport:
    """Check the CSV files in `directory` and make them the current version of `dataset`
    (default: the directory's name). Refused input raises InputError and changes nothing."""
    started = time.perf_counter()
    name = catalog.check_dataset_name(dataset or default_dataset_name(directory))
    data = CsvDataset(directory, name, progress=progress)
    # The N-Triples come from our own writer (checked values, escaped literals, encoded
    # IRIs), so the store may skip re-validating them (trusted=True: pyoxigraph's lenient).
    # The counts are known once the pass is over, which is before the catalog switch.
    info = catalog.replace_dataset(store, name, data.chunks(), records=lambda: data.records,
                                   triples=lambda: data.triples, trusted=True, progress=progress)
    return ImportReport(name, info.graph, data.records, data.triples, data.files_read, data.warnings,
                        time.perf_counter() - started)
