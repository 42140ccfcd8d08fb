"""Runtime access to the cached province shapes; never fetches, degrades to None with a reason."""

from __future__ import annotations

import functools
import json
import random
from pathlib import Path

import shapely
from shapely.geometry import shape

from geo import paths
from geo.fetch import build_info

MAX_SAMPLING_ATTEMPTS_PER_POINT = 1000


def province_shapes() -> dict | None:
    """FeatureCollection of the 77 provinces (feature id = DOPA code), or None if not built."""
    return _load_state()[0]


def unavailable_reason() -> str | None:
    """One sentence saying why the map cannot be drawn, or None when it can."""
    return _load_state()[1]


def province_shape(code: str) -> dict | None:
    shapes = province_shapes()
    if shapes is None:
        return None
    return next((f for f in shapes["features"] if f["id"] == code), None)


def random_points_in_province(code: str, n: int, rng: random.Random) -> list[tuple[float, float]] | None:
    """n (lat, lon) points uniformly inside the province outline; None if geometry is unavailable."""
    geometry = _prepared_geometry(code)
    if geometry is None:
        return None
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    points: list[tuple[float, float]] = []
    attempts = 0
    while len(points) < n:
        if attempts == n * MAX_SAMPLING_ATTEMPTS_PER_POINT:
            raise RuntimeError(f"could not sample {n} points inside province {code}")
        attempts += 1
        lon, lat = rng.uniform(min_lon, max_lon), rng.uniform(min_lat, max_lat)
        if shapely.contains_xy(geometry, lon, lat):
            points.append((lat, lon))
    return points


def _load_state() -> tuple[dict | None, str | None]:
    return _load(*_state_key())


def _state_key() -> tuple[Path, int | None, Path, int | None, Path, int | None]:
    provinces_path = paths.cache_dir() / paths.PROVINCES_FILENAME
    topojson_path = paths.static_dir() / paths.WORLD_TOPOJSON_FILENAME
    layer_path = paths.static_dir() / paths.PROVINCE_LAYER_FILENAME
    # Keyed by mtimes so a `python -m geo fetch` run while the app is up is picked up.
    return (provinces_path, _mtime(provinces_path), topojson_path, _mtime(topojson_path), layer_path,
            _mtime(layer_path))


@functools.cache
def _load(provinces_path: Path, provinces_mtime, topojson_path: Path, topojson_mtime, layer_path: Path,
          layer_mtime):
    hint = "run `python -m geo fetch` (needs npm once)"
    if provinces_mtime is None:
        return None, f"Province shapes have not been built yet: {hint}."
    if topojson_mtime is None:
        return None, f"The offline base map {topojson_path.name} is missing: {hint}."
    if layer_mtime is None:
        return None, f"The served province layer {layer_path.name} is missing: {hint}."
    try:
        collection = json.loads(provinces_path.read_bytes())
    except (OSError, ValueError) as exc:
        return None, f"Province shapes at {provinces_path} are unreadable ({exc}): {hint}."
    if collection.get("build") != build_info():
        return None, f"Province shapes are from an older build: {hint}."
    return collection, None


def _prepared_geometry(code: str):
    return _prepared_geometries(*_state_key()).get(code)


@functools.cache
def _prepared_geometries(*state_key) -> dict[str, shapely.Geometry]:
    collection, _ = _load(*state_key)
    geometries = {f["id"]: shape(f["geometry"]) for f in (collection or {"features": []})["features"]}
    shapely.prepare(list(geometries.values()))
    return geometries


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
