"""A small hand-built fiscal year for the drill-down reads: same-named LAOs in two provinces, hostile names, two
snapshots (the older one different), a tie on as-of. Shared by test_queries.py and test_export.py."""

from datetime import date, datetime, timezone

from sqlalchemy import insert, select

from data_access.fiscal_years import ensure_fiscal_year
from data_access.models import District, Lao, LaoStatus, Snapshot

YEAR = 2566
CERTIFIER = "ปลัด สมชาย ใจดี"

# code: (name, type, province, district index within the province, latest statuses by domain)
LAOS = {
    "6500101": ("หนองบัว", "อบต.", "50", 0, {d: 3 for d in range(1, 9)}),  # complete
    "6500202": ("หนองบัว", "อบต.", "50", 1, {1: 3, 2: 3, 3: 3, 4: 1, 5: 2}),  # in progress
    "5300101": ("หนองบัว", "เทศบาลตำบล", "30", 0, {}),  # not started (no rows)
    "6500103": ('=HYPERLINK("http://example.com","x")', "อบต.", "50", 0, {1: 2}),  # in progress, hostile name
    "6500104": ("บ้าน50%_ลด\\พิเศษ", "อบต.", "50", 1, {2: 0}),  # explicit not-started row only: not started
    "6500105": ("-บ้านลบ", "อบต.", "50", 0, {d: 3 for d in range(1, 8)}),  # 7 of 8: in progress
    "2500101": ("เชียงใหม่", "อบจ.", "50", 0, {d: 3 for d in range(1, 9)}),  # complete
    "6500106": ("@บ้านแอท", "อบต.", "50", 1, {}),  # not started
}
LATEST_AS_OF = date(2023, 8, 15)
OLDER_AS_OF = date(2023, 8, 10)


def _moments(status: int, domain: int) -> dict:
    base = datetime(2023, 8, 1, 9, 0)
    recorded = base.replace(day=1 + domain)
    row = {"recorded_at": None, "updated_at": None, "certified_at": None, "certified_by": None}
    if status >= 1:
        row["recorded_at"] = recorded
    if status >= 2:
        row["updated_at"] = recorded.replace(hour=11)
    if status >= 3:
        row["certified_at"] = recorded.replace(day=recorded.day + 5, hour=14)
        row["certified_by"] = CERTIFIER
    return row


def build(eng) -> dict[str, int]:
    """Insert the fixture; returns the snapshot ids {"older": …, "tie_first": …, "latest": …}."""
    with eng.begin() as conn:
        ensure_fiscal_year(conn, YEAR)
        districts = {p: list(conn.execute(select(District.code, District.name_th)
                                          .where(District.province_code == p).order_by(District.code)))
                     for p in ("50", "30")}
        for code, (name, type_, province, district, _) in LAOS.items():
            d_code, d_name = districts[province][district]
            conn.execute(insert(Lao).values(fiscal_year=YEAR, code=code, name_th=name, type=type_,
                                            province_code=province, district_code=d_code, district_name_th=d_name,
                                            lat=18.8 if code.endswith("1") else None,
                                            lon=98.98 if code.endswith("1") else None,
                                            website="www.example.go.th" if code == "6500101" else None))
        ids = dict(conn.execute(select(Lao.code, Lao.id).where(Lao.fiscal_year == YEAR)).all())
        now = datetime.now(timezone.utc)

        def snapshot(as_of: date, tag: str, statuses: dict[str, dict[int, int]]) -> int:
            sid = conn.execute(insert(Snapshot).values(
                fiscal_year=YEAR, as_of=as_of, source_name=tag, sha256=tag.ljust(64, "0"),
                row_count=sum(len(s) for s in statuses.values()), imported_at=now,
            ).returning(Snapshot.id)).scalar_one()
            rows = [dict(snapshot_id=sid, lao_id=ids[code], domain_code=domain, fiscal_year=YEAR, status=status,
                         **_moments(status, domain))
                    for code, by_domain in statuses.items() for domain, status in by_domain.items()]
            if rows:
                conn.execute(insert(LaoStatus), rows)
            return sid

        latest = {code: spec[4] for code, spec in LAOS.items()}
        older = {"6500101": {1: 3, 2: 1}}  # the day before, almost nothing
        return {
            "older": snapshot(OLDER_AS_OF, "older", older),
            "tie_first": snapshot(LATEST_AS_OF, "tie-first", older),  # same as-of, imported earlier: loses
            "latest": snapshot(LATEST_AS_OF, "latest", latest),
        }
