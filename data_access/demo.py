"""Deterministic demo data at the real scale: a registry from geothai's real names and campaign-shaped statuses.

The registry mirrors the 2566 type counts (76 อบจ., 30 นคร, 195 เมือง, 2,247 ตำบล, 5,300 อบต., Pattaya); statuses
follow the shapes of a real campaign (steady, a burst, a late rush, stalled, never started) from the letter date
toward the deadline, with provinces and types that differ widely.
"""

import math
import random
from datetime import date, datetime, timedelta, timezone

import geothai
from sqlalchemy import Engine, delete, func, insert, select, text

from data_access.figures import rollups
from data_access.imports.bulk import insert_rows
from data_access.db import init_db
from data_access.fiscal_years import ensure_fiscal_year
from data_access.geography import BANGKOK
from data_access.models import FiscalYear, ImportLog, Lao, LaoStatus, Snapshot
from data_access.reference import (
    CERTIFIED, RECORDED, UPDATED, fiscal_year_facts, fiscal_year_of, fiscal_year_start,
)

TYPE_DIGIT = {"อบจ.": "2", "เทศบาลนคร": "3", "เทศบาลเมือง": "4", "เทศบาลตำบล": "5", "อบต.": "6"}
TARGETS = {"เทศบาลนคร": 30, "เทศบาลเมือง": 195, "เทศบาลตำบล": 2247, "อบต.": 5300}
TYPE_PACE = {"อบจ.": 1.2, "เทศบาลนคร": 1.15, "เทศบาลเมือง": 1.08, "เทศบาลตำบล": 1.0, "อบต.": 0.93,
             "ท้องถิ่นรูปแบบพิเศษ": 1.1}
NAME_SUFFIXES = ("เหนือ", "ใต้", "ใหม่", "พัฒนา", "ตะวันออก", "ตะวันตก")
CERTIFIER_TITLES = ("ปลัด", "รองปลัด", "หัวหน้าสำนักปลัด")
FIRST_NAMES = ("สมชาย", "สมศรี", "วิชัย", "มาลี", "ประเสริฐ", "สุนีย์", "อนันต์", "กาญจนา", "ธนพล", "ศิริพร")
LAST_NAMES = ("ใจดี", "ศรีสุข", "บุญมา", "แก้วมณี", "ทองคำ", "สายบุญ", "พรหมมา", "จันทร์เพ็ญ")
COORDINATE_SHARE = 0.62  # the real registry has coordinates for 4,898 of 7,849 LAOs
DEMO_FISCAL_YEARS = (2565, 2566)


def demo_registry(seed: int) -> list[dict]:
    """One record per LAO, codes in the `T PPAA SS` form, names from geothai's sub-districts."""
    rng = random.Random(f"registry-{seed}")
    provinces = [p for p in geothai.provinces() if p.code != BANGKOK]
    sequence: dict[str, int] = {}
    laos: list[dict] = []

    def add(type_label: str, name: str, district) -> None:
        sequence[district.code] = sequence.get(district.code, 0) + 1
        digit = TYPE_DIGIT[type_label]
        laos.append(dict(code=f"{digit}{district.code}{sequence[district.code]:02d}", name_th=name,
                         type=type_label, province_code=district.province_code, district_code=district.code,
                         district_name_th=district.name_th))

    seats = {p.code: geothai.districts(p.code)[0] for p in provinces}  # the Mueang district is the seat
    for p in provinces:
        add("อบจ.", p.name_th, seats[p.code])
    chon_buri_bang_lamung = geothai.district("2004")
    laos.append(dict(code="3200408", name_th="เมืองพัทยา", type="ท้องถิ่นรูปแบบพิเศษ", province_code="20",
                     district_code="2004", district_name_th=chon_buri_bang_lamung.name_th))

    tambons = [(s, geothai.district(s.district_code)) for p in provinces for d in geothai.districts(p.code)
               for s in geothai.subdistricts(d.code)]
    rng.shuffle(tambons)
    big = sorted(provinces, key=lambda p: -len(geothai.districts(p.code)))[:45]
    city_provinces = {p.code for p in rng.sample(big, TARGETS["เทศบาลนคร"])}
    seat_tambons = [t for t in tambons if t[1].code == seats[t[1].province_code].code]
    used: set[str] = set()
    for province_code in sorted(city_provinces):
        tambon, district = next(t for t in seat_tambons if t[1].province_code == province_code)
        add("เทศบาลนคร", tambon.name_th, district)
        used.add(tambon.code)
    rest = [t for t in tambons if t[0].code not in used]
    town, rest = rest[: TARGETS["เทศบาลเมือง"]], rest[TARGETS["เทศบาลเมือง"]:]
    sub, rest = rest[: TARGETS["เทศบาลตำบล"]], rest[TARGETS["เทศบาลตำบล"]:]
    for tambon, district in town:
        add("เทศบาลเมือง", tambon.name_th, district)
    for tambon, district in sub:
        add("เทศบาลตำบล", tambon.name_th, district)
    # More อบต. than free tambons remain: like the real registry, some share a tambon's name with a suffix.
    need = TARGETS["อบต."] - len(rest)
    extra = [(t, d, rng.choice(NAME_SUFFIXES)) for t, d in rng.sample(sub + rest, need)]
    for tambon, district in rest:
        add("อบต.", tambon.name_th, district)
    for tambon, district, suffix in extra:
        add("อบต.", tambon.name_th + suffix, district)
    _place(laos, rng)
    return laos


def _place(laos: list[dict], rng: random.Random) -> None:
    """Plausible office positions inside the province, for most LAOs, when province shapes are available."""
    try:
        from geo import random_points_in_province
    except ImportError:
        random_points_in_province = None
    by_province: dict[str, list[dict]] = {}
    for lao in laos:
        lao.update(lat=None, lon=None, area_km2=None, website=None)
        by_province.setdefault(lao["province_code"], []).append(lao)
    for province_code, members in sorted(by_province.items()):
        placed = [m for m in members if rng.random() < COORDINATE_SHARE]
        points = random_points_in_province(province_code, len(placed), rng) if random_points_in_province else None
        for lao, point in zip(placed, points or []):
            lao["lat"], lao["lon"] = round(point[0], 6), round(point[1], 6)
            lao["area_km2"] = round(rng.uniform(3, 180), 2)
        for lao in members:
            if rng.random() < 0.4:
                lao["website"] = f"www.{lao['code']}.go.th"


def _campaign(year: int) -> tuple[date, date]:
    facts = fiscal_year_facts(year)
    return facts.letter_date or fiscal_year_start(year), facts.deadline


def _moment(rng: random.Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.choice((0, 10, 15, 30, 45)))


def _logistic(rng: random.Random, center: float, spread: float) -> float:
    u = min(max(rng.random(), 1e-9), 1 - 1e-9)
    return center + spread * math.log(u / (1 - u))


# How an LAO goes about it, with weights (scaled by its province's and type's pace where it says so): the risk
# backtest needs the shapes real campaigns show, not one S-curve.
BEHAVIOURS = ("steady", "burst", "late_rush", "stalled", "never")


def _behaviour(rng: random.Random, pace: float) -> str:
    never = 0.12 * (1.1 - min(pace, 1.0)) + 0.01
    stalled = 0.16 * (1.15 - min(pace, 1.0))
    late = 0.18
    roll = rng.random()
    for name, share in (("never", never), ("stalled", stalled), ("late_rush", late), ("steady", 0.35)):
        if roll < share:
            return name
        roll -= share
    return "burst"


def _certify_days(rng: random.Random, behaviour: str, pace: float, span: int) -> list[float | None]:
    """For each of the 8 domains, the day (fraction of the campaign, may pass 1.0 = the deadline) it is certified,
    or None when it never is; the domain is recorded some days before."""
    if behaviour == "steady":  # one domain after another across the campaign
        first = _logistic(rng, 0.25 - 0.1 * pace, 0.08)
        step = rng.uniform(0.06, 0.12) / max(pace, 0.3)
        return [first + i * step * rng.uniform(0.7, 1.3) for i in range(8)]
    if behaviour == "late_rush":  # nothing for most of the campaign, then everything in days
        begin = rng.uniform(0.86, 1.04)
        return [begin + rng.uniform(0, 8) / span for _ in range(8)]
    if behaviour == "stalled":  # a good start, then it stops
        done = rng.randint(1, 6)
        begin = _logistic(rng, 0.3, 0.08)
        return [begin + i * rng.uniform(0.03, 0.08) if i < done else None for i in range(8)]
    # burst: starts at some point and finishes within about two weeks, or leaves some domains out
    begin = _logistic(rng, 0.65 - 0.2 * pace, 0.12)
    completes = rng.random() < min(0.99, pace)
    left_out = set() if completes else set(rng.sample(range(8), rng.randint(1, 8)))
    return [None if i in left_out else begin + rng.uniform(1, 25) / span for i in range(8)]


def demo_events(laos: list[dict], year: int, seed: int) -> dict[tuple[str, int], dict]:
    """For each (LAO code, domain) that ever starts: its recorded/updated/certified moments and certifier."""
    rng = random.Random(f"status-{seed}-{year}")
    start, deadline = _campaign(year)
    span = (deadline - start).days
    provinces = sorted({lao["province_code"] for lao in laos})
    diligence = {p: min(0.98, max(0.08, rng.betavariate(2.2, 1.1))) for p in provinces}
    events: dict[tuple[str, int], dict] = {}
    for lao in laos:
        pace = diligence[lao["province_code"]] * TYPE_PACE[lao["type"]]
        behaviour = _behaviour(rng, pace)
        if behaviour == "never":
            continue
        certifier = f"{rng.choice(CERTIFIER_TITLES)} {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        for domain, at in zip(range(1, 9), _certify_days(rng, behaviour, pace, span)):
            if at is None and rng.random() < 0.35:
                continue  # this domain never starts
            lead = rng.randint(1, 15)
            anchor = start + timedelta(days=max(1, round(span * at))) if at is not None else \
                start + timedelta(days=max(1, round(span * _logistic(rng, 0.5, 0.15))))
            recorded = max(start + timedelta(days=1), anchor - timedelta(days=lead))
            event = {"recorded_at": _moment(rng, recorded), "updated_at": None, "certified_at": None,
                     "certified_by": None}
            last = recorded
            if rng.random() < 0.5 and (anchor - recorded).days > 1:
                last = recorded + timedelta(days=rng.randint(0, (anchor - recorded).days - 1))
                event["updated_at"] = max(_moment(rng, last), event["recorded_at"])  # same day: not before it
            if at is not None:
                certified = max(anchor, last + timedelta(days=1))
                event["certified_at"] = max(_moment(rng, certified), event["updated_at"] or event["recorded_at"])
                event["certified_by"] = certifier
            events[(lao["code"], domain)] = event
    return events


def _state_on(event: dict, as_of: date) -> dict | None:
    """The row an export taken on `as_of` shows: events after that day have not happened yet."""
    if event["recorded_at"].date() > as_of:
        return None
    row = {"recorded_at": event["recorded_at"], "updated_at": None, "certified_at": None, "certified_by": None,
           "status": RECORDED}
    if event["updated_at"] and event["updated_at"].date() <= as_of:
        row.update(updated_at=event["updated_at"], status=UPDATED)
    if event["certified_at"] and event["certified_at"].date() <= as_of:
        row.update(certified_at=event["certified_at"], certified_by=event["certified_by"], status=CERTIFIED)
    return row


def _snapshot_dates(year: int, today: date) -> list[date]:
    """The day before and the day of the latest export: after the deadline for past years, today for this one."""
    start, deadline = _campaign(year)
    latest = min(today, deadline + timedelta(days=30))
    return [d for d in (latest - timedelta(days=1), latest) if d > start]


def seed_demo(engine: Engine, seed: int = 1, today: date | None = None) -> list[str]:
    """Replace the demo fiscal years' data with freshly generated demo data. Deterministic per seed and today."""
    today = today or date.today()
    init_db(engine)
    with engine.begin() as conn:
        return _seed(conn, seed, today)


# Any constant: held for the seeding transaction, so two replicas starting on one empty database seed it once.
_SEED_LOCK = 0x1AF0_DE30


def seed_demo_if_empty(engine: Engine, seed: int = 1, today: date | None = None) -> bool:
    """Seed the demo data only into an empty database; True if this call seeded it. On PostgreSQL an advisory lock
    makes the check and the seeding one step across processes (several replicas start at once)."""
    today = today or date.today()
    init_db(engine)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SEED_LOCK})
        if conn.scalar(select(func.count()).select_from(FiscalYear)):
            return False
        _seed(conn, seed, today)
    return True


def _seed(conn, seed: int, today: date) -> list[str]:
    current = fiscal_year_of(today)
    years = sorted({*DEMO_FISCAL_YEARS, current - 1, current})  # last year too: year over year, risk's history
    laos = demo_registry(seed)
    lines = []
    for year in years:
        snapshot_ids = select(Snapshot.id).where(Snapshot.fiscal_year == year)
        rollups.clear(conn, conn.scalars(snapshot_ids).all())
        conn.execute(delete(LaoStatus).where(LaoStatus.snapshot_id.in_(snapshot_ids)))
        conn.execute(delete(Snapshot).where(Snapshot.fiscal_year == year))
        conn.execute(delete(Lao).where(Lao.fiscal_year == year))
        ensure_fiscal_year(conn, year)
        insert_rows(conn, Lao, [dict(lao, fiscal_year=year) for lao in laos])
        ids = dict(conn.execute(select(Lao.code, Lao.id).where(Lao.fiscal_year == year)).all())
        events = demo_events(laos, year, seed)
        now = datetime.now(timezone.utc)
        for as_of in _snapshot_dates(year, today):
            rows = []
            for (code, domain), event in events.items():
                state = _state_on(event, as_of)
                if state:
                    rows.append(dict(state, lao_id=ids[code], domain_code=domain, fiscal_year=year))
            snapshot_id = conn.execute(insert(Snapshot).values(
                fiscal_year=year, as_of=as_of, source_name=f"demo seed {seed}",
                sha256=f"demo-{seed}-{year}-{as_of.isoformat()}", row_count=len(rows), imported_at=now,
            ).returning(Snapshot.id)).scalar_one()
            if rows:
                insert_rows(conn, LaoStatus, [dict(r, snapshot_id=snapshot_id) for r in rows])
            rollups.refresh_snapshot(conn, snapshot_id)
            lines.append(f"fiscal year {year}: snapshot as of {as_of}, {len(rows)} status rows")
        lines.append(f"fiscal year {year}: {len(laos)} demo LAOs")
    conn.execute(insert(ImportLog).values(kind="demo", fiscal_year=None, source_name=f"seed {seed}",
                                          at=datetime.now(timezone.utc)))
    return lines


def is_demo(engine: Engine) -> bool:
    """True when the newest data came from seed-demo, so pages can say plainly that they show demo data."""
    with engine.connect() as conn:
        kind = conn.scalar(select(ImportLog.kind).where(ImportLog.kind != "withdraw")
                           .order_by(ImportLog.id.desc()).limit(1))
    return kind == "demo"


def database_is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not conn.scalar(select(func.count()).select_from(FiscalYear))
