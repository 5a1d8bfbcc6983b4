"""Entry point of `python -m pipeline.evaluation` (see `pipeline.evaluation.driver`)."""

import sys

from pipeline.evaluation.driver import main

sys.exit(main())
