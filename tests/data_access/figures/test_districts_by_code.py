"""A district is its DOPA code (DOMAIN.md §3): however the registry spells it, the grid, the district counts and the
exports group and name it by the code, with geothai's Thai and English names; an unmatched spelling stays its own."""

from data_access.figures import district_counts
from data_access.figures.queries import lao_grid
from data_access.imports.registry_import import import_registry
from data_access.access.scope import Scope
from tests.support.registry_file import coverage_rows, real_registry_records, write_registry_csv


def _prao_and_one_more(records):
    prao = [r for r in records if r["provinceCode"] == "50" and r["districtNameTh"].endswith("พร้าว")][:3]
    other = next(r for r in records if r["provinceCode"] == "50" and "พร้าว" not in r["districtNameTh"])
    return prao, other


def test_two_spellings_of_one_district_are_one_district(eng, tmp_path):
    prao, other = _prao_and_one_more(real_registry_records())
    assert len(prao) == 3
    spelled = [dict(prao[0], districtNameTh="อำเภอพร้าว"), dict(prao[1], districtNameTh="พร้าว"),
               dict(prao[2], districtNameTh=" อ.  พร้าว"), other,
               dict(other, dlaCode="6509999", nameTh="ทดสอบ", districtNameTh="ไม่มีอำเภอนี้")]
    import_registry(eng, write_registry_csv(tmp_path / "r.csv", coverage_rows(spelled, rows_per_lao=1)), 2566)

    grid = lao_grid(eng, 2566, Scope.of("50"))
    prao_rows = grid[grid["code"].isin([r["dlaCode"] for r in prao])]
    matched = set(prao_rows["district"])
    assert len(matched) == 1 and not next(iter(matched)).startswith("?")
    assert set(prao_rows["district_name_th"]) == {"พร้าว"} and set(prao_rows["district_name_en"]) == {"Phrao"}
    unmatched = grid[grid["code"] == "6509999"].iloc[0]
    assert unmatched["district"] == "?ไม่มีอำเภอนี้" and unmatched["district_name_th"] == "ไม่มีอำเภอนี้"

    counts = district_counts(eng, 2566, Scope.of("50"))
    assert len(counts) == 3 and counts["laos"].sum() == 5
    row = counts[counts["name_en"] == "Phrao"].iloc[0]
    assert row["laos"] == 3 and row["name_th"] == "พร้าว" and row["district_code"] == next(iter(matched))
    assert counts[counts["district_code"].isna()]["name_th"].tolist() == ["ไม่มีอำเภอนี้"]
