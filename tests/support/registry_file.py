"""Write the real 2566 DLA registry (../shared/data, one record per LAO) back into the published coverage-table
format: 13 Thai columns, several rows per LAO (one per tambon), RFC 4180 quoting quirks included."""

import csv
import json
import os
import random
from pathlib import Path

import geothai

from data_access.imports.registry_import import HEADER

# The real registry lives in the workspace's read-only shared/ folder beside the clone (INFO_SHARED overrides).
SHARED_DIR = Path(os.environ.get("INFO_SHARED", Path(__file__).resolve().parents[3] / "shared"))
SHARED_REGISTRY = SHARED_DIR / "data" / "dla-lao-registry-2566.json"
TYPE_LABELS = {
    "provincial_admin_org": "อบจ.", "city_municipality": "เทศบาลนคร", "town_municipality": "เทศบาลเมือง",
    "subdistrict_municipality": "เทศบาลตำบล", "subdistrict_admin_org": "อบต.", "special_admin_area": "ท้องถิ่นรูปแบบพิเศษ",
}


def real_registry_records() -> list[dict]:
    if not SHARED_REGISTRY.exists():
        raise FileNotFoundError(f"the real DLA registry is not at {SHARED_REGISTRY}: clone beside shared/ "
                                "or set INFO_SHARED to the shared folder")
    return json.loads(SHARED_REGISTRY.read_text(encoding="utf-8"))["localAuthorities"]


def coverage_rows(records: list[dict], rows_per_lao: int | None = None, seed: int = 2566) -> list[list[str]]:
    """~10.5 rows per LAO like the real file (82,641 rows for 7,849 codes) unless rows_per_lao is given."""
    rng = random.Random(seed)
    province_names = {p.code: p.name_th for p in geothai.provinces()}
    rows = []
    for i, r in enumerate(records):
        n = rows_per_lao or rng.choice((1, 4, 8, 10, 12, 14, 16, 19))
        website = ["www,tlpm.go.th", '"-"', "-", "", f"www.{r['dlaCode']}.go.th"][i % 5]
        num = lambda v: "" if v is None else repr(v)  # noqa: E731
        for k in range(n):
            rows.append([
                province_names[r["provinceCode"]], r["districtNameTh"], f"ตำบลที่{k + 1}", r["dlaCode"],
                TYPE_LABELS[r["type"]], r["nameTh"], "99", "1", "10000", num(r["areaKm2"]),
                num(r["centerLat"]), num(r["centerLon"]), website,
            ])
    return rows


def write_registry_csv(path: Path, rows: list[list[str]], bom: bool = True, header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
    return path
