"""The built geometry cache for geo and map tests; built into a temp dir when `python -m geo fetch` was not run."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from pathlib import Path

import pytest

from geo import paths
from geo.fetch import fetch, is_current


@functools.cache
def built_geo_dirs() -> tuple[Path, Path]:
    """(cache dir, static dir) holding a current build; building needs npm."""
    cache_dir, static_dir = paths.cache_dir(), paths.static_dir()
    if (is_current(cache_dir / paths.PROVINCES_FILENAME) and is_current(static_dir / paths.PROVINCE_LAYER_FILENAME)
            and (static_dir / paths.WORLD_TOPOJSON_FILENAME).exists()):
        return cache_dir, static_dir
    scratch = Path(tempfile.mkdtemp(prefix="info-geo-test-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    fetch(scratch / "cache", scratch / "static")
    return scratch / "cache", scratch / "static"


def built_province_collection() -> dict:
    cache_dir, _ = built_geo_dirs()
    return json.loads((cache_dir / paths.PROVINCES_FILENAME).read_bytes())


@pytest.fixture
def built_geo_env(monkeypatch) -> tuple[Path, Path]:
    """Point geo's runtime API at the built cache."""
    cache_dir, static_dir = built_geo_dirs()
    monkeypatch.setenv("INFO_GEO_CACHE", str(cache_dir))
    monkeypatch.setenv("INFO_GEO_STATIC", str(static_dir))
    return cache_dir, static_dir
