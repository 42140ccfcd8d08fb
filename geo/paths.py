"""Where geometry is cached and where the browser-served base map goes (env-overridable for tests)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PROVINCES_FILENAME = "provinces.geojson"
NATURAL_EARTH_FILENAME = "natural_earth_tha.json"  # extracted, unmodified source of provinces.geojson
PROVINCE_LAYER_FILENAME = "provinces.json"  # served copy for the browser: id and geometry only
WORLD_TOPOJSON_FILENAME = "world_110m.json"  # name plotly derives from geo scope "world", resolution 110
# Streamlit serves <app dir>/static at /app/static when server.enableStaticServing is on.
STATIC_URL_PATH = "app/static/generated/geo/"


def cache_dir() -> Path:
    return Path(os.environ.get("INFO_GEO_CACHE") or REPO_ROOT / "data" / "cache" / "geo")


def static_dir() -> Path:
    return Path(os.environ.get("INFO_GEO_STATIC") or REPO_ROOT / "static" / "generated" / "geo")
