"""Fixtures shared by the Python tests (python/tests, examples/dask)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def cli() -> Path:
    """The command line built from the same sources (`JIAODUI_BIN`, or cargo builds it)."""
    binary = os.environ.get("JIAODUI_BIN")
    if binary:
        return Path(binary)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "jiaodui"], cwd=ROOT, check=True)
    return ROOT / "target" / "release" / "jiaodui"
