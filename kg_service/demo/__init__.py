"""The demo data generator: a realistic organisation's records with known non-compliance.

`generate_demo(dir, members, seed, year)` writes the contract's CSV files, the findings the
checks must produce (`expected-findings.csv`, exact by construction) and a `demo.json` manifest.
"""

from .generator import DEFAULT_MEMBERS, DEFAULT_SEED, DEFAULT_YEAR, DemoResult, generate_demo

__all__ = ["generate_demo", "DemoResult", "DEFAULT_MEMBERS", "DEFAULT_SEED", "DEFAULT_YEAR"]
