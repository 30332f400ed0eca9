"""Importing a directory of CSV files as one dataset: checked whole, then loaded atomically.

The N-Triples of the dataset are written to a temporary file first, so a refused dataset
never touches the store; then the file is bulk-loaded into a fresh version graph and the
catalog switched to it (kg_service.store.catalog.replace_dataset).
"""

from __future__ import annotations

import os
import tempfile
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
    fd, tmp_name = tempfile.mkstemp(prefix="kg-import-", suffix=".nt")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as out:
            data = write_csv_dataset_ntriples(directory, name, out, progress=progress)
        if progress is not None:
            progress(f"loading {data.triples:,} triples into the store")
        info = catalog.replace_dataset(store, name, tmp, records=data.records, triples=data.triples)
    finally:
        tmp.unlink(missing_ok=True)
    return ImportReport(name, info.graph, data.records, data.triples, data.files_read, data.warnings,
                        time.perf_counter() - started)
