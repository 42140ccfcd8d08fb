import json
import random

import geothai
import shapely
from shapely.geometry import shape

import geo
from geo import paths
from tests.geo.built_geometry import built_geo_env, built_province_collection  # noqa: F401

ALL_CODES = sorted(p.code for p in geothai.provinces())
BANGKOK = "10"
GEOJSON_BUDGET_BYTES = 100_000


def _geometries() -> dict[str, shapely.Geometry]:
    return {f["id"]: shape(f["geometry"]) for f in built_province_collection()["features"]}


def _polygons(geometry):
    return [g for g in shapely.get_parts(geometry)]


def test_77_provinces_keyed_by_dopa_code():
    features = built_province_collection()["features"]
    assert [f["id"] for f in features] == ALL_CODES
    assert len(ALL_CODES) == 77
    names = {p.code: p.name_th for p in geothai.provinces()}
    assert all(f["properties"]["name_th"] == names[f["id"]] for f in features)


def test_76_in_scope_without_bangkok():
    in_scope = [f["id"] for f in built_province_collection()["features"] if f["id"] != BANGKOK]
    assert len(in_scope) == 76
    assert BANGKOK in ALL_CODES


def test_overridden_names_join_to_the_right_codes():
    geometries = _geometries()
    bangkok_centroid = geometries["10"].centroid
    assert 100.3 < bangkok_centroid.x < 100.9 and 13.5 < bangkok_centroid.y < 14.0
    phang_nga_centroid = geometries["82"].centroid  # Andaman coast, north of Phuket
    assert 98.0 < phang_nga_centroid.x < 98.8 and 8.0 < phang_nga_centroid.y < 9.3


def test_every_geometry_is_a_valid_polygonal_shape():
    for code, geometry in _geometries().items():
        assert geometry.geom_type in ("Polygon", "MultiPolygon"), code
        assert geometry.is_valid and not geometry.is_empty, code


def test_neighbours_share_borders_without_gaps_or_overlaps():
    assert shapely.coverage_is_valid(list(_geometries().values()))


def test_exterior_rings_run_clockwise_for_plotly_geo():
    for code, geometry in _geometries().items():
        for polygon in _polygons(geometry):
            assert not polygon.exterior.is_ccw, code
            assert all(ring.is_ccw for ring in polygon.interiors), code


def test_coordinates_are_rounded():
    for feature in built_province_collection()["features"]:
        coordinates = shapely.get_coordinates(shape(feature["geometry"]))
        assert (abs(coordinates * 1000 - (coordinates * 1000).round()) < 1e-6).all(), feature["id"]


def test_geojson_fits_budget():
    size = len(json.dumps(built_province_collection(), ensure_ascii=False, separators=(",", ":")).encode())
    assert size <= GEOJSON_BUDGET_BYTES


def test_runtime_api_reads_the_built_cache(built_geo_env):
    assert geo.unavailable_reason() is None
    assert len(geo.province_shapes()["features"]) == 77
    assert geo.province_shape("50")["properties"]["name_en"] == "Chiang Mai"
    assert geo.province_shape("99") is None


def test_random_points_fall_inside_the_province_and_are_reproducible(built_geo_env):
    points = geo.random_points_in_province("83", 25, random.Random(7))  # Phuket: an island province
    assert points == geo.random_points_in_province("83", 25, random.Random(7))
    assert len(points) == 25
    outline = shape(geo.province_shape("83")["geometry"])
    assert all(outline.contains(shapely.Point(lon, lat)) for lat, lon in points)
    assert geo.random_points_in_province("83", 0, random.Random(7)) == []


def test_missing_cache_degrades_to_none_with_a_reason(monkeypatch, tmp_path):
    monkeypatch.setenv("INFO_GEO_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("INFO_GEO_STATIC", str(tmp_path / "static"))
    assert geo.province_shapes() is None
    assert geo.province_shape("50") is None
    assert geo.random_points_in_province("50", 3, random.Random(1)) is None
    assert "python -m geo fetch" in geo.unavailable_reason()


def test_missing_offline_base_map_makes_the_map_unavailable(monkeypatch, tmp_path, built_geo_env):
    monkeypatch.setenv("INFO_GEO_STATIC", str(tmp_path))
    assert geo.province_shapes() is None
    assert paths.WORLD_TOPOJSON_FILENAME in geo.unavailable_reason()
