"""Imported once by the local engine's forkserver: what every pool worker should start with.

Workers are forked from the forkserver, so whatever is loaded here is loaded once per run, not
once per worker, and its memory pages are shared between the workers until written. trafilatura
(~0.6 s of imports) is preloaded only when the inputs may hold HTML (`HTML_PRELOAD`): a run over
text files never needs it.
"""

from __future__ import annotations

import pipeline.runner  # noqa: F401  (the worker functions, and the stages they import)
from pipeline.metadata import language_identifier

language_identifier()  # the language model: ~1 s to decompress
