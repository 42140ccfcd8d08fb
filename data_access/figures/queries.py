"""LAO-level reads for the drill-down pages: the province's LAO × domain grid, one LAO, and the LAO search.

All SQL of the province and LAO pages lives here; pages call the cached wrappers in `data_access.cached`.
Statuses come from one snapshot (the latest unless told): a missing lao_status row means "not started".
"""

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine, and_, case, func, literal_column, select

from data_access.figures.counts import NO_SNAPSHOT, _latest_snapshot_id, district_key
from data_access.models import District, Domain, Lao, LaoStatus, Province
from data_access.reference import CERTIFIED, LAO_TYPES, NOT_STARTED
from data_access.access.scope import Scope

# LAO-level progress (DOMAIN.md §6), as stored in the grid's "state" column.
COMPLETE, IN_PROGRESS, NOT_STARTED_STATE = "complete", "in_progress", "not_started"
STATES = (NOT_STARTED_STATE, IN_PROGRESS, COMPLETE)

# district: the district's key (its code; "?" + the registry's spelling when that matched no code); district_name_th
# and _en: geothai's names for the code, however the registry spelled it (DOMAIN.md §3), else that spelling.
LAO_COLUMNS = ["code", "name_th", "type", "district", "district_code", "district_name_th", "district_name_en", "lat",
               "lon"]
SEARCH_COLUMNS = ["code", "name_th", "type", "district_code", "district_name_th", "province_code",
                  "province_name_th", "province_name_en"]
STATUS_COLUMNS = ["code", "name_th", "name_en", "status", "recorded_at", "updated_at", "certified_at",
                  "certified_by"]
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Type prefixes people type in front of a name ("อบต.หนองบัว", "ทต. บ้านใหม่"), longest first.
_TYPE_PREFIXES = sorted(
    [(t.label, t.label) for t in LAO_TYPES if t.label != "ท้องถิ่นรูปแบบพิเศษ"]
    + [(t.short_th, t.label) for t in LAO_TYPES if t.short_th and t.short_th != t.label]
    + [("องค์การบริหารส่วนตำบล", "อบต."), ("องค์การบริหารส่วนจังหวัด", "อบจ.")],
    key=lambda pair: -len(pair[0]),
)


def domain_column(code: int) -> str:
    """The grid's column holding a domain's status: "d1" … "d8"."""
    return f"d{code}"


def _snapshot(conn, year: int, snapshot_id: int | None) -> int:
    if snapshot_id is None:
        snapshot_id = _latest_snapshot_id(conn, year)
    return NO_SNAPSHOT if snapshot_id is None else snapshot_id


def _in_scope(query, scope: Scope):
    return query if scope.is_national else query.where(Lao.province_code.in_(sorted(scope.provinces)))


def lao_grid(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> pd.DataFrame:
    """One row per LAO in scope, one status column per domain of the year (`d1` … `d8`, 0..3).

    Also: `certified` (domains certified), `started` (domains beyond not started), `state` (complete /
    in_progress / not_started, as in figures.group_counts), `missing` (tuple of domain codes not certified) and
    `last_activity` (the latest recorded/updated/certified moment, or NaT). Sorted least complete first.
    One read: the LAOs left-joined to the snapshot's statuses, pivoted here.
    """
    with engine.connect() as conn:
        snapshot_id = _snapshot(conn, year, snapshot_id)
        domains = list(conn.scalars(select(Domain.code).where(Domain.fiscal_year == year).order_by(Domain.code)))
        query = _in_scope(
            select(Lao.code, Lao.name_th, Lao.type, district_key(Lao.district_code, Lao.district_name_th),
                   Lao.district_code, func.coalesce(District.name_th, Lao.district_name_th),
                   func.coalesce(District.name_en, Lao.district_name_th), Lao.lat, Lao.lon,
                   LaoStatus.domain_code, LaoStatus.status,
                   LaoStatus.recorded_at, LaoStatus.updated_at, LaoStatus.certified_at)
            .select_from(Lao)
            .outerjoin(District, District.code == Lao.district_code)
            .outerjoin(LaoStatus, and_(LaoStatus.lao_id == Lao.id, LaoStatus.snapshot_id == snapshot_id))
            .where(Lao.fiscal_year == year),
            scope,
        )
        rows = [tuple(r) for r in conn.execute(query)]
    return _pivot(rows, domains)


def _pivot(rows: list[tuple], domains: list[int]) -> pd.DataFrame:
    """`rows`: LAO_COLUMNS, domain_code, status, recorded_at, updated_at, certified_at (no domain: no status row).
    Grouped in one pass over the tuples: the same in pandas (a frame of every row, pivot, join) took about 35 ms
    per province, paid by the first visitor of each province after every import."""
    status_columns = [domain_column(d) for d in domains]
    n_lao, position = len(LAO_COLUMNS), {d: i for i, d in enumerate(domains)}
    laos: dict[str, tuple] = {}
    statuses: dict[str, list[int]] = {}
    moment_codes, moments = [], []
    for row in rows:
        code = row[0]
        if code not in laos:
            laos[code] = row[:n_lao]
            statuses[code] = [NOT_STARTED] * len(domains)
        domain = row[n_lao]
        if domain is None:
            continue
        if int(domain) in position:
            statuses[code][position[int(domain)]] = int(row[n_lao + 1])
        moment_codes.append(code)
        moments.append(row[n_lao + 2:])
    values = np.array(list(statuses.values()), dtype="int64").reshape(len(laos), len(domains))
    if moments:
        moment_frame = pd.DataFrame(moments, columns=["recorded_at", "updated_at", "certified_at"])
        last = moment_frame.apply(pd.to_datetime).max(axis=1).groupby(pd.Series(moment_codes, name="code")).max()
    else:
        last = pd.Series(dtype="datetime64[ns]")
    certified = (values == CERTIFIED).sum(axis=1).astype("int64")
    started = (values > NOT_STARTED).sum(axis=1).astype("int64")
    state = np.where(certified == len(domains), COMPLETE, np.where(started == 0, NOT_STARTED_STATE, IN_PROGRESS))
    columns = (dict(zip(LAO_COLUMNS, map(list, zip(*laos.values())))) if laos
               else {column: np.empty(0, dtype=object) for column in LAO_COLUMNS})
    grid = pd.DataFrame({
        **columns,
        **{column: values[:, i] for i, column in enumerate(status_columns)},
        "last_activity": pd.to_datetime(last.reindex(list(laos))).to_numpy(),
        "certified": certified,
        "started": started,
        "progress": values.sum(axis=1).astype("int64"),  # for ordering: further along = larger
        "state": pd.array(state.tolist(), dtype="str"),
        "missing": [tuple(d for d, s in zip(domains, row) if s != CERTIFIED) for row in values],
    })
    grid = grid.sort_values(["certified", "progress", "district_name_th", "name_th", "code"], kind="stable")
    return grid.reset_index(drop=True)


def grid_counts(grid: pd.DataFrame) -> dict[str, int]:
    """laos / complete / in_progress / not_started / cells_certified of a grid (or a filtered part of it)."""
    states = grid["state"].value_counts()
    return {"laos": len(grid), "complete": int(states.get(COMPLETE, 0)),
            "in_progress": int(states.get(IN_PROGRESS, 0)), "not_started": int(states.get(NOT_STARTED_STATE, 0)),
            "cells_certified": int(grid["certified"].sum())}


@dataclass(frozen=True)
class LaoDetail:
    fiscal_year: int
    code: str
    name_th: str
    type: str
    province_code: str
    province_name_th: str
    province_name_en: str
    district_code: str | None
    district_name_th: str
    district_name_en: str | None
    office_no: str | None
    moo: str | None
    postcode: str | None
    lat: float | None
    lon: float | None
    area_km2: float | None
    website: str | None


def lao_detail(engine: Engine, year: int, scope: Scope, code: str) -> LaoDetail | None:
    """The registry record of one LAO in one fiscal year, with its province and district names; None if absent
    or outside `scope`."""
    code = (code or "").strip()
    with engine.connect() as conn:
        row = conn.execute(_in_scope(
            select(Lao.fiscal_year, Lao.code, Lao.name_th, Lao.type, Lao.province_code,
                   Province.name_th.label("province_name_th"), Province.name_en.label("province_name_en"),
                   Lao.district_code, Lao.district_name_th, District.name_en.label("district_name_en"),
                   Lao.office_no, Lao.moo, Lao.postcode, Lao.lat, Lao.lon, Lao.area_km2, Lao.website)
            .join(Province, Province.code == Lao.province_code)
            .outerjoin(District, District.code == Lao.district_code)
            .where(Lao.fiscal_year == year, Lao.code == code), scope)
        ).first()
    return LaoDetail(*row) if row else None


def lao_statuses(engine: Engine, year: int, scope: Scope, code: str, snapshot_id: int | None = None) -> pd.DataFrame:
    """Every domain of the year for one LAO: status (0..3; no row = not started), its dates and certifier. An LAO
    outside `scope` reads as one with no statuses."""
    with engine.connect() as conn:
        snapshot_id = _snapshot(conn, year, snapshot_id)
        lao_id = conn.scalar(_in_scope(select(Lao.id).where(Lao.fiscal_year == year, Lao.code == code), scope))
        rows = conn.execute(
            select(Domain.code, Domain.name_th, Domain.name_en, LaoStatus.status, LaoStatus.recorded_at,
                   LaoStatus.updated_at, LaoStatus.certified_at, LaoStatus.certified_by)
            .select_from(Domain)
            .outerjoin(LaoStatus, and_(LaoStatus.domain_code == Domain.code,
                                       LaoStatus.fiscal_year == Domain.fiscal_year,
                                       LaoStatus.lao_id == (lao_id if lao_id is not None else -1),
                                       LaoStatus.snapshot_id == snapshot_id))
            .where(Domain.fiscal_year == year)
            .order_by(Domain.code)
        ).all()
    frame = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    frame["status"] = frame["status"].fillna(NOT_STARTED).astype("int64")
    for column in ("recorded_at", "updated_at", "certified_at"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def lao_timeline(statuses: pd.DataFrame) -> pd.DataFrame:
    """The dated events of an LAO's statuses, oldest first: at, domain code/names, event (recorded/updated/
    certified), certified_by. Pure: takes `lao_statuses` output."""
    events = []
    for row in statuses.itertuples():
        for event in ("recorded", "updated", "certified"):
            at = getattr(row, f"{event}_at")
            if pd.notna(at):
                events.append({"at": pd.Timestamp(at).to_pydatetime(), "domain": int(row.code),
                               "name_th": row.name_th, "name_en": row.name_en, "event": event,
                               "certified_by": row.certified_by if event == "certified" else None})
    order = {"recorded": 0, "updated": 1, "certified": 2}
    events.sort(key=lambda e: (e["at"], e["domain"], order[e["event"]]))  # in Python: a few dozen rows at most
    return pd.DataFrame(events, columns=["at", "domain", "name_th", "name_en", "event", "certified_by"])


def normalise_search_text(text: str | None) -> str:
    """Trimmed, single-spaced, Thai digits as Arabic ones."""
    return re.sub(r"\s+", " ", (text or "").translate(_THAI_DIGITS)).strip()


def split_type_prefix(text: str) -> tuple[str | None, str]:
    """("อบต.", "หนองบัว") for "อบต.หนองบัว" or "อบต. หนองบัว"; (None, text) when no type prefix."""
    for prefix, label in _TYPE_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            return label, text[len(prefix):].strip()
    return None, text


def search_laos(engine: Engine, year: int, scope: Scope, text: str, limit: int = 20) -> pd.DataFrame:
    """LAOs of a fiscal year whose Thai name contains `text`, or whose code starts with it (digits).

    A leading type ("อบต.", "ทต.", "เทศบาลตำบล" …) narrows to that type. LIKE wildcards in the input (% _ \\)
    match literally; the text travels as a bound parameter. Exact names first, then names starting with the
    text, then the rest; ties by name, province and code. Columns: SEARCH_COLUMNS.
    """
    text = normalise_search_text(text)
    if not text or limit <= 0:
        return pd.DataFrame(columns=SEARCH_COLUMNS)
    type_label, name = split_type_prefix(text)
    # Nationally, read the year's LAOs straight from the table. SQLite's planner takes any index whose leading
    # column has an equality term, so `fiscal_year = ?` sends it through ix_lao_fy_province: every LAO of the year
    # in index order, then each row fetched by id — 5× the work of reading the table, which the name match
    # needs anyway (a LIKE '%…%' can use no index). `fiscal_year + 0` is the portable way to keep a term out of
    # index use (SQLite documents the unary form); PostgreSQL reads the table for this match anyway. With a
    # province scope, the (fiscal_year, province_code) index does narrow the read, and is kept.
    year_term = Lao.fiscal_year == year if not scope.is_national else Lao.fiscal_year + literal_column("0") == year
    conditions = [year_term]
    if name.isdigit():
        conditions.append(Lao.code.startswith(name, autoescape=True))
        rank = case((Lao.code == name, 0), else_=1)
    else:
        conditions.append(Lao.name_th.contains(name, autoescape=True))
        rank = case((Lao.name_th == name, 0), (Lao.name_th.startswith(name, autoescape=True), 1), else_=2)
    if type_label:
        conditions.append(Lao.type == type_label)
    query = _in_scope(
        select(Lao.code, Lao.name_th, Lao.type, Lao.district_code, Lao.district_name_th, Lao.province_code,
               Province.name_th.label("province_name_th"), Province.name_en.label("province_name_en"))
        .join(Province, Province.code == Lao.province_code)
        .where(*conditions)
        .order_by(rank, Lao.name_th, Province.name_th, Lao.district_name_th, Lao.code)
        .limit(limit),
        scope,
    )
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).all(), columns=SEARCH_COLUMNS)


def lao_exists(engine: Engine, year: int, scope: Scope, code: str) -> bool:
    with engine.connect() as conn:
        return conn.scalar(_in_scope(select(Lao.id).where(Lao.fiscal_year == year, Lao.code == code), scope)) \
            is not None


def lao_years(engine: Engine, scope: Scope, code: str) -> list[int]:
    """Every fiscal year whose registry holds this code within `scope`, newest first."""
    with engine.connect() as conn:
        return list(conn.scalars(_in_scope(select(Lao.fiscal_year).where(Lao.code == code), scope)
                                 .order_by(Lao.fiscal_year.desc())))


__all__ = [
    "COMPLETE", "IN_PROGRESS", "NOT_STARTED_STATE", "STATES", "LaoDetail", "domain_column", "grid_counts",
    "lao_detail", "lao_exists", "lao_grid", "lao_statuses", "lao_timeline", "lao_years", "normalise_search_text",
    "search_laos", "split_type_prefix",
]
