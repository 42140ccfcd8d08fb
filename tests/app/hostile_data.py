"""A small real database (Phuket's 19 LAOs of the 2566 registry, with statuses) imported through the real
importers, in which one LAO's name, district, website and certifier hold Markdown, HTML and links."""

from datetime import date
from pathlib import Path

from data_access.imports.registry_import import import_registry
from data_access.imports.status_import import import_status
from tests.support.registry_file import coverage_rows, real_registry_records, write_registry_csv
from tests.support.status_file import write_status_csv

PROVINCE = "83"  # Phuket: the smallest province of the registry
NAME = "[คลิก](http://x/phish) ![t](http://x/p.png) www.evil.example <script>alert(1)</script> *หนา*"
DISTRICT = "<b>เมือง</b> [d](http://x/d)"
WEBSITE = "[w](http://x/w) <script>"
CERTIFIER = "<a href=http://x/c>นาย ก</a> [c](http://x/c) <img src=http://x/i.png>"
AS_OF, TODAY = date(2023, 8, 20), date(2023, 8, 21)


def import_hostile_province(engine, folder: Path) -> dict:
    """Import the province into `engine`; the hostile LAO's record (dlaCode, type …) is returned."""
    records = sorted((r for r in real_registry_records() if r["provinceCode"] == PROVINCE),
                     key=lambda r: r["centerLat"] is None)  # the hostile one first, with a dot on the map
    records[0] = {**records[0], "nameTh": NAME, "districtNameTh": DISTRICT}
    rows = coverage_rows(records, rows_per_lao=1)
    rows[0][12] = WEBSITE
    import_registry(engine, write_registry_csv(folder / "registry.csv", rows), 2566)
    statuses = [[records[0]["dlaCode"], d, "รับรองแล้ว", "01/08/2566", "", "15/08/2566", CERTIFIER]
                for d in range(1, 9)]
    statuses += [[r["dlaCode"], 1, "บันทึกแล้ว", "02/08/2566", "", "", ""] for r in records[1:]]
    import_status(engine, write_status_csv(folder / "status.csv", statuses), 2566, AS_OF, today=TODAY)
    return records[0]
