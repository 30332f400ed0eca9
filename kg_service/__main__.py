"""`python -m kg_service` is the same as `kg-service`."""

import sys

from .cli import main

sys.exit(main())
