"""Turn Natural Earth admin-1 features into a small, valid province FeatureCollection keyed by DOPA code."""

from __future__ import annotations

import json

import geothai
import numpy as np
import shapely
from shapely.geometry import mapping, shape

from geo.sources import GeoFetchError

PROVINCE_COUNT = 77
ISLANDS_FEATURE_HASC = "-99"  # unnamed minor-islands feature, not a province
# Natural Earth English names that differ from geothai's; its name_local/iso_3166_2 are unreliable.
NAME_OVERRIDES = {"Bangkok Metropolis": "10", "Phangnga": "82"}

SIMPLIFY_TOLERANCE_DEG = 0.02  # ~2 km: keeps the figure under budget, shapes recognisable
GRID_DEG = 0.001  # ~110 m coordinate rounding
COORD_DECIMALS = 3
MIN_ISLAND_AREA_DEG2 = 0.002  # ~25 km²; smaller islands vanish at national scale


def build_province_collection(natural_earth: dict, build_info: dict) -> dict:
    """77 province features (id = DOPA code, exterior rings clockwise as plotly geo expects)."""
    if natural_earth.get("type") != "FeatureCollection":
        raise GeoFetchError(f"expected a GeoJSON FeatureCollection, got {natural_earth.get('type')!r}")
    geometries = join_dopa_codes(natural_earth["features"])
    codes = sorted(geometries)
    simplified = simplify_coverage(np.array([geometries[code] for code in codes]))
    provinces = {province.code: province for province in geothai.provinces()}
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {
                "code": code,
                "name_th": provinces[code].name_th,
                "name_en": provinces[code].name_en,
            },
            "geometry": _rounded(mapping(geometry)),
        }
        for code, geometry in zip(codes, simplified)
    ]
    return {"type": "FeatureCollection", "build": build_info, "features": features}


def join_dopa_codes(features: list[dict]) -> dict[str, shapely.Geometry]:
    code_by_name = {province.name_en: province.code for province in geothai.provinces()}
    code_by_name.update(NAME_OVERRIDES)
    joined: dict[str, shapely.Geometry] = {}
    unmatched: list[str | None] = []
    for feature in features:
        props = feature.get("properties") or {}
        if props.get("code_hasc") == ISLANDS_FEATURE_HASC:
            continue
        code = code_by_name.get(props.get("name"))
        if code is None or code in joined:
            unmatched.append(props.get("name"))
            continue
        joined[code] = shapely.make_valid(shape(feature["geometry"]))
    missing = sorted(set(code_by_name.values()) - set(joined))
    if unmatched or missing or len(joined) != PROVINCE_COUNT:
        raise GeoFetchError(
            f"province join failed: unmatched features {unmatched or 'none'}, "
            f"provinces without shape {missing or 'none'}"
        )
    return joined


def simplify_coverage(geometries: np.ndarray) -> np.ndarray:
    """Simplify shared borders once so neighbours stay gap-free, then make figure-ready."""
    # The source has slivers/overlaps along southern borders; coverage_simplify needs a clean coverage.
    cleaned = shapely.coverage_clean(geometries)
    simplified = shapely.coverage_simplify(cleaned, SIMPLIFY_TOLERANCE_DEG)
    without_specks = np.array([_drop_small_islands(shapely.make_valid(g)) for g in simplified])
    snapped = shapely.set_precision(without_specks, GRID_DEG)
    return shapely.orient_polygons(snapped, exterior_cw=True)


def _drop_small_islands(geometry: shapely.Geometry) -> shapely.Geometry:
    polygons = [g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon"]
    largest = max(polygons, key=lambda polygon: polygon.area)
    kept = [p for p in polygons if p is largest or p.area >= MIN_ISLAND_AREA_DEG2]
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(kept)


def _rounded(geojson_geometry: dict) -> dict:
    # set_precision leaves binary noise (100.12300000000001); round for compact JSON.
    return json.loads(json.dumps(geojson_geometry), parse_float=lambda s: round(float(s), COORD_DECIMALS))
