from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent


@pytest.fixture
def seed_text() -> str:
    return (DATA / "seed" / "000_a199637f2999b565.txt").read_text(encoding="utf-8")
