"""`python -m kg_service` is the same as `kg-service`."""

import sys

from .cli import console

sys.exit(console())
