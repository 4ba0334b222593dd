"""Shared set-up: the repository root on sys.path (the package is not installed into the venv)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# tests never reuse validation results kept by earlier runs (the cache is tested on its own)
os.environ.setdefault("ROADMAPS_CACHE_DIR", "off")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
