"""The figures of DOMAIN.md §6, computed once, in SQL. The CLI, every page and every export read them from here.

Two implementations of the same figures:
- live (`_group_rows`, `_domain_rows`, `_trend_frame`): aggregate the snapshot's status rows; the reference, and
  the source the rollups are computed from (data_access/figures/rollups.py reuses these very queries, by province);
- rollups (`_rollup_group_rows`, `_rollup_domain_rows`, the rollup branch of `completion_trend`): add up the
  per-snapshot, per-province rollup rows written with the data, O(provinces) instead of O(status rows).
Readers use the rollups when the snapshot has them (every writer of this package writes them) and fall back to the
live queries otherwise, so a snapshot written by other means still gives the right numbers, only slower.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Date, Engine, String, and_, case, exists, func, literal, literal_column, select
from sqlalchemy.sql import Select

from data_access.models import (
    District, Domain, FiscalYear, ImportLog, Lao, LaoStatus, Province, RollupDay, RollupDomain, RollupGroup, Snapshot,
)
from data_access.reference import CERTIFIED, LAO_TYPES, NOT_STARTED, RECORDED, UPDATED
from data_access.access.scope import Scope

if TYPE_CHECKING:
    import pandas as pd

NO_SNAPSHOT = -1


class UnknownFiscalYear(LookupError):
    pass


class UnknownProvince(LookupError):
    pass


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    as_of: date
    source_name: str
    imported_at: datetime


@dataclass(frozen=True)
class FiscalYearInfo:
    year: int
    deadline: date
    letter_ref: str | None
    letter_date: date | None
    coordinator: str | None
    coordinator_phone: str | None
    office_phone: str | None
    domains: tuple[tuple[int, str, str], ...]  # (code, name_th, name_en)


@dataclass
class Counts:
    laos: int = 0
    complete: int = 0
    in_progress: int = 0
    not_started: int = 0
    cells: int = 0
    cells_certified: int = 0
    completion_rate: float = 0.0


@dataclass
class Summary:
    fiscal_year: int
    as_of: date | None
    today: date
    deadline: date
    days_left: int
    national: Counts
    provinces: list[dict] = field(default_factory=list)
    types: list[dict] = field(default_factory=list)
    domains: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        data = asdict(self)
        for key in ("as_of", "today", "deadline"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def data_version(engine: Engine) -> int:
    """Grows with every import; caches are keyed by it."""
    with engine.connect() as conn:
        return conn.scalar(select(func.coalesce(func.max(ImportLog.id), 0)))


def fiscal_years(engine: Engine) -> list[int]:
    """Every fiscal year that has a registry, newest first."""
    with engine.connect() as conn:
        return list(conn.scalars(select(Lao.fiscal_year).distinct().order_by(Lao.fiscal_year.desc())))


def fiscal_year_info(engine: Engine, year: int) -> FiscalYearInfo:
    with engine.connect() as conn:
        row = conn.execute(select(FiscalYear.__table__).where(FiscalYear.year == year)).first()
        if row is None:
            raise UnknownFiscalYear(f"fiscal year {year} has no data")
        domains = conn.execute(select(Domain.code, Domain.name_th, Domain.name_en)
                               .where(Domain.fiscal_year == year).order_by(Domain.code)).all()
    return FiscalYearInfo(row.year, row.deadline, row.letter_ref, row.letter_date, row.coordinator,
                          row.coordinator_phone, row.office_phone, tuple(tuple(d) for d in domains))


def snapshots(engine: Engine, year: int) -> list[SnapshotInfo]:
    """Snapshots of a fiscal year that count (not withdrawn), latest first (highest as-of; on a tie the last
    imported)."""
    with engine.connect() as conn:
        rows = conn.execute(select(Snapshot.id, Snapshot.as_of, Snapshot.source_name, Snapshot.imported_at)
                            .where(Snapshot.fiscal_year == year, Snapshot.withdrawn_at.is_(None))
                            .order_by(Snapshot.as_of.desc(), Snapshot.id.desc())).all()
    return [SnapshotInfo(*r) for r in rows]


def _in_scope(query: Select, scope: Scope) -> Select:
    return query if scope.is_national else query.where(Lao.province_code.in_(sorted(scope.provinces)))


def district_key(district_code, district_name_th):
    """A district is its DOPA code (DOMAIN.md §3), however the registry spelled it; a name that matched no code
    stays a group of its own, keyed by that spelling ("?" first, so it never equals a code)."""
    return func.coalesce(district_code, literal("?", String) + district_name_th)


def _per_lao(year: int, snapshot_id: int, scope: Scope) -> Select:
    """One row per LAO in scope: how many of its domains are certified, and how many started at all."""
    query = (
        select(
            Lao.id, Lao.province_code, Lao.type, Lao.district_code, Lao.district_name_th,
            district_key(Lao.district_code, Lao.district_name_th).label("district"),
            func.count(case((LaoStatus.status == CERTIFIED, 1))).label("certified"),
            func.count(case((LaoStatus.status > NOT_STARTED, 1))).label("started"),
        )
        .select_from(Lao)
        .outerjoin(LaoStatus, and_(LaoStatus.lao_id == Lao.id, LaoStatus.snapshot_id == snapshot_id))
        .where(Lao.fiscal_year == year)
        .group_by(Lao.id, Lao.province_code, Lao.type, Lao.district_code, Lao.district_name_th)
    )
    return _in_scope(query, scope)


def _domain_count(conn: Connection, year: int) -> int:
    return conn.scalar(select(func.count()).select_from(Domain).where(Domain.fiscal_year == year))


def _latest_snapshot_id(conn: Connection, year: int) -> int | None:
    return conn.scalar(select(Snapshot.id).where(Snapshot.fiscal_year == year, Snapshot.withdrawn_at.is_(None))
                       .order_by(Snapshot.as_of.desc(), Snapshot.id.desc()).limit(1))


def _snapshot_or_latest(conn: Connection, year: int, snapshot_id: int | None) -> int:
    if snapshot_id is not None:
        return snapshot_id
    latest = _latest_snapshot_id(conn, year)
    return NO_SNAPSHOT if latest is None else latest


def _with_rates(row: dict, n_domains: int) -> dict:
    row["in_progress"] = row["laos"] - row["complete"] - row["not_started"]
    row["cells"] = row["laos"] * n_domains
    row["completion_rate"] = row["complete"] / row["laos"] if row["laos"] else 0.0
    row["cell_rate"] = row["cells_certified"] / row["cells"] if row["cells"] else 0.0
    return row


SUM_KEYS = ("laos", "complete", "not_started", "cells_certified")
ROLLUP_KEYS = ("province_code", "type")  # the groups of rollup_group: any `by` within them reads the rollups


def _group_query(year: int, scope: Scope, by: tuple[str, ...], snapshot_id: int, n_domains: int) -> Select:
    """The SQL aggregation every figure comes from: per group, LAOs, complete, not started, certified cells.
    Unordered; also the source of rollup_group (by province and type)."""
    per_lao = _per_lao(year, snapshot_id, scope).subquery()
    keys = [per_lao.c[name] for name in by]
    return select(
        *keys,
        func.count().label("laos"),
        func.coalesce(func.sum(case((per_lao.c.certified == n_domains, 1), else_=0)), 0).label("complete"),
        func.coalesce(func.sum(case((per_lao.c.started == 0, 1), else_=0)), 0).label("not_started"),
        func.coalesce(func.sum(per_lao.c.certified), 0).label("cells_certified"),
    ).group_by(*keys)


def _as_group_rows(result, by: tuple[str, ...], n_domains: int) -> list[dict]:
    rows = []
    for r in result.mappings():
        row = {name: r[name] for name in by}
        row.update({k: int(r[k]) for k in SUM_KEYS})
        rows.append(_with_rates(row, n_domains))
    return rows


def _group_rows(conn: Connection, year: int, scope: Scope, by: tuple[str, ...], snapshot_id: int) -> list[dict]:
    """Live reference: the groups' counts straight from the snapshot's status rows."""
    n_domains = _domain_count(conn, year)
    query = _group_query(year, scope, by, snapshot_id, n_domains)
    query = query.order_by(*(query.selected_columns[name] for name in by))
    return _as_group_rows(conn.execute(query), by, n_domains)


def _rollups_ready(conn: Connection, year: int, snapshot_id: int) -> bool:
    """True when `snapshot_id` is a snapshot of `year` whose rollups were written, or NO_SNAPSHOT. Every snapshot of
    a year with LAOs has at least one rollup_group row (its LAOs are all in some province and type)."""
    if snapshot_id == NO_SNAPSHOT:
        return True
    row = conn.execute(select(Snapshot.fiscal_year,
                              exists().where(RollupGroup.snapshot_id == snapshot_id).label("rolled_up"))
                       .where(Snapshot.id == snapshot_id)).first()
    return row is not None and row.fiscal_year == year and bool(row.rolled_up)


def _rollup_source(year: int, snapshot_id: int, n_domains: int):
    """rollup_group's rows of one snapshot; without a snapshot, the registry's LAOs per province and type, none of
    them started (what the live aggregation gives when no status row joins)."""
    if snapshot_id == NO_SNAPSHOT:
        laos = func.count()
        nothing = literal_column("0")
        return (select(Lao.province_code, Lao.type, laos.label("laos"),
                       (laos if n_domains == 0 else nothing).label("complete"), laos.label("not_started"),
                       nothing.label("cells_certified"))
                .where(Lao.fiscal_year == year).group_by(Lao.province_code, Lao.type).subquery())
    return (select(RollupGroup.province_code, RollupGroup.type, *(getattr(RollupGroup, k) for k in SUM_KEYS))
            .where(RollupGroup.snapshot_id == snapshot_id).subquery())


def _rollup_group_rows(conn: Connection, year: int, scope: Scope, by: tuple[str, ...],
                       snapshot_id: int) -> list[dict]:
    """The same rows as `_group_rows`, added up from the rollups (`by` within ROLLUP_KEYS)."""
    if not set(by) <= set(ROLLUP_KEYS) or not _rollups_ready(conn, year, snapshot_id):
        return _group_rows(conn, year, scope, by, snapshot_id)
    n_domains = _domain_count(conn, year)
    source = _rollup_source(year, snapshot_id, n_domains)
    keys = [source.c[name] for name in by]
    query = (select(*keys, *(func.coalesce(func.sum(source.c[k]), 0).label(k) for k in SUM_KEYS))
             .group_by(*keys).order_by(*keys))
    if not scope.is_national:
        query = query.where(source.c.province_code.in_(sorted(scope.provinces)))
    return _as_group_rows(conn.execute(query), by, n_domains)


def _fold(rows: list[dict], by: tuple[str, ...], n_domains: int) -> list[dict]:
    """Add finer groups up into coarser ones (a few hundred rows at most: provinces × types)."""
    totals: dict[tuple, dict] = {}
    for row in rows:
        key = tuple(row[name] for name in by)
        total = totals.setdefault(key, {**dict(zip(by, key)), "laos": 0, "complete": 0, "not_started": 0,
                                        "cells_certified": 0})
        for k in ("laos", "complete", "not_started", "cells_certified"):
            total[k] += row[k]
    if not by and not totals:
        totals[()] = {"laos": 0, "complete": 0, "not_started": 0, "cells_certified": 0}
    return [_with_rates(total, n_domains) for _, total in sorted(totals.items())]


GROUP_COLUMNS = ("laos", "complete", "in_progress", "not_started", "cells", "cells_certified", "completion_rate",
                 "cell_rate")


def group_counts(engine: Engine, year: int, scope: Scope, by: tuple[str, ...] = (),
                 snapshot_id: int | None = None) -> "pd.DataFrame":
    """Counts (laos, complete, in_progress, not_started, cells, cells_certified, completion_rate) per group.

    `by` names columns of the per-LAO rows: province_code, type, district (see district_key), district_code,
    district_name_th. The latest
    snapshot is used unless `snapshot_id` is given.
    """
    import pandas as pd

    with engine.connect() as conn:
        rows = _rollup_group_rows(conn, year, scope, by, _snapshot_or_latest(conn, year, snapshot_id))
    return pd.DataFrame(rows, columns=[*by, *GROUP_COLUMNS])


def district_counts(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> "pd.DataFrame":
    """group_counts per district: one row per district code (geothai's Thai and English names, however the registry
    spelled it), and one per registry spelling that matched no district (that spelling as its name).
    Columns: district, district_code, name_th, name_en, and GROUP_COLUMNS."""
    counts = group_counts(engine, year, scope, ("district",), snapshot_id)
    with engine.connect() as conn:
        names = {code: (th, en) for code, th, en in conn.execute(
            select(District.code, District.name_th, District.name_en)
            .where(District.code.in_([k for k in counts["district"] if not k.startswith("?")])))}
    codes = [None if k.startswith("?") else k for k in counts["district"]]
    counts.insert(1, "district_code", codes)
    counts.insert(2, "name_th", [names[c][0] if c in names else k.removeprefix("?")
                                 for c, k in zip(codes, counts["district"])])
    counts.insert(3, "name_en", [names[c][1] if c in names else k.removeprefix("?")
                                 for c, k in zip(codes, counts["district"])])
    return counts


STATUS_NAMES = {CERTIFIED: "certified", UPDATED: "updated", RECORDED: "recorded"}


def _status_counts_query(scope: Scope, snapshot_id: int, by: tuple[str, ...] = ()) -> Select:
    """Status rows of a snapshot per (LAO columns `by`, domain, status); also the source of rollup_domain."""
    keys = [getattr(Lao, name) for name in by]
    return _in_scope(
        select(*keys, LaoStatus.domain_code, LaoStatus.status, func.count().label("n"))
        .join(Lao, Lao.id == LaoStatus.lao_id)
        .where(LaoStatus.snapshot_id == snapshot_id)
        .group_by(*keys, LaoStatus.domain_code, LaoStatus.status), scope,
    )


def _domain_table(conn: Connection, year: int, laos: int, counts: list[tuple[int, str, int]]) -> list[dict]:
    """Per domain of the year, from (domain, status name, LAOs) counts; missing rows count as not started."""
    domains = conn.execute(select(Domain.code, Domain.name_th, Domain.name_en)
                           .where(Domain.fiscal_year == year).order_by(Domain.code)).all()
    by_domain = {d.code: {"certified": 0, "updated": 0, "recorded": 0} for d in domains}
    for code, name, n in counts:
        by_domain[code][name] = int(n)
    return [{"code": d.code, "name_th": d.name_th, "name_en": d.name_en, **by_domain[d.code],
             "not_started": laos - sum(by_domain[d.code].values())} for d in domains]


def _domain_rows(conn: Connection, year: int, scope: Scope, snapshot_id: int) -> list[dict]:
    """Live reference: per domain, straight from the snapshot's status rows."""
    laos = conn.scalar(_in_scope(select(func.count()).select_from(Lao).where(Lao.fiscal_year == year), scope))
    counts = conn.execute(_status_counts_query(scope, snapshot_id)).all()
    return _domain_table(conn, year, laos, [(code, STATUS_NAMES[status], n) for code, status, n in counts
                                            if status in STATUS_NAMES])


def _rollup_domain_rows(conn: Connection, year: int, scope: Scope, snapshot_id: int,
                        laos: int | None = None) -> list[dict]:
    """The same rows as `_domain_rows`, added up from the rollups. `laos`: the LAOs in scope, when known."""
    if not _rollups_ready(conn, year, snapshot_id):
        return _domain_rows(conn, year, scope, snapshot_id)
    if laos is None:
        laos = sum(r["laos"] for r in _rollup_group_rows(conn, year, scope, (), snapshot_id))
    counts = []
    if snapshot_id != NO_SNAPSHOT:
        sums = [func.sum(getattr(RollupDomain, name)).label(name) for name in STATUS_NAMES.values()]
        query = (select(RollupDomain.domain_code, *sums).where(RollupDomain.snapshot_id == snapshot_id)
                 .group_by(RollupDomain.domain_code))
        if not scope.is_national:
            query = query.where(RollupDomain.province_code.in_(sorted(scope.provinces)))
        counts = [(r.domain_code, name, r[name]) for r in conn.execute(query).mappings()
                  for name in STATUS_NAMES.values()]
    return _domain_table(conn, year, laos, counts)


def domain_counts(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> "pd.DataFrame":
    """Per domain of the year: LAOs (in scope) at each status. Missing rows count as not started."""
    import pandas as pd

    with engine.connect() as conn:
        rows = _rollup_domain_rows(conn, year, scope, _snapshot_or_latest(conn, year, snapshot_id))
    return pd.DataFrame(rows, columns=["code", "name_th", "name_en", "certified", "updated", "recorded",
                                       "not_started"])


def _province_names(conn: Connection) -> dict[str, tuple[str, str]]:
    return {r.code: (r.name_th, r.name_en) for r in conn.execute(select(Province.code, Province.name_th,
                                                                          Province.name_en))}


def province_names(engine: Engine) -> "pd.DataFrame":
    import pandas as pd

    with engine.connect() as conn:
        names = _province_names(conn)
    return pd.DataFrame([(code, th, en) for code, (th, en) in sorted(names.items())],
                        columns=["code", "name_th", "name_en"])


def _ranked(rows: list[dict]) -> None:
    """Rank by completion rate among all provinces with LAOs; ties share the better rank."""
    rates = sorted((r["completion_rate"] for r in rows), reverse=True)
    first_at = {}
    for i, rate in enumerate(rates):
        first_at.setdefault(rate, i + 1)
    for r in rows:
        r["rank"] = first_at[r["completion_rate"]]


def province_figures(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> "pd.DataFrame":
    """One row per province with LAOs, named, with its rank among all provinces by completion rate."""
    import pandas as pd

    with engine.connect() as conn:
        rows = _rollup_group_rows(conn, year, Scope.national(), ("province_code",),
                                  _snapshot_or_latest(conn, year, snapshot_id))
        names = _province_names(conn)
    _ranked(rows)
    rows = [{"code": r["province_code"], "name_th": names[r["province_code"]][0],
             "name_en": names[r["province_code"]][1], **{k: r[k] for k in (*GROUP_COLUMNS, "rank")}} for r in rows]
    if not scope.is_national:
        rows = [r for r in rows if r["code"] in scope.provinces]
    return pd.DataFrame(rows, columns=["code", "name_th", "name_en", *GROUP_COLUMNS, "rank"])


def days_left(deadline: date, today: date) -> int:
    return (deadline - today).days


COUNT_KEYS = ("laos", "complete", "in_progress", "not_started", "cells", "cells_certified")


def summary(engine: Engine, year: int, scope: Scope, today: date) -> Summary:
    """Everything `python -m data_access summary` prints, for one fiscal year and scope: one aggregation query
    by (province, type), added up into the national, province and type figures."""
    info = fiscal_year_info(engine, year)  # raises UnknownFiscalYear
    shots = snapshots(engine, year)
    snapshot_id = shots[0].id if shots else NO_SNAPSHOT
    with engine.connect() as conn:
        if conn.scalar(select(Lao.id).where(Lao.fiscal_year == year).limit(1)) is None:
            raise UnknownFiscalYear(f"fiscal year {year} has no registry")
        names = _province_names(conn)
        if not scope.is_national and scope.provinces - set(names):
            raise UnknownProvince(f"unknown province code: {', '.join(sorted(scope.provinces - set(names)))}")
        n_domains = _domain_count(conn, year)
        rows = _rollup_group_rows(conn, year, scope, ("province_code", "type"), snapshot_id)
        national = _fold(rows, (), n_domains)[0]
        domains = _rollup_domain_rows(conn, year, scope, snapshot_id, laos=national["laos"])
    type_order = {t.label: i for i, t in enumerate(LAO_TYPES)}
    types = sorted(_fold(rows, ("type",), n_domains), key=lambda r: type_order.get(r["type"], len(type_order)))
    return Summary(
        fiscal_year=year,
        as_of=shots[0].as_of if shots else None,
        today=today,
        deadline=info.deadline,
        days_left=days_left(info.deadline, today),
        national=Counts(**{k: national[k] for k in COUNT_KEYS}, completion_rate=national["completion_rate"]),
        provinces=[{"code": r["province_code"], "name_th": names[r["province_code"]][0],
                    "name_en": names[r["province_code"]][1], **{k: r[k] for k in COUNT_KEYS},
                    "completion_rate": r["completion_rate"]}
                   for r in _fold(rows, ("province_code",), n_domains)],
        types=[{"type": r["type"], **{k: r[k] for k in ("laos", "complete", "in_progress", "not_started")}}
               for r in types],
        domains=[{"code": int(r["code"]), "name_th": r["name_th"],
                  **{k: r[k] for k in ("certified", "updated", "recorded", "not_started")}} for r in domains],
    )


def _day(conn: Connection, column):
    return func.date(column) if conn.dialect.name == "sqlite" else func.cast(column, Date)


def _trend_queries(conn: Connection, year: int, scope: Scope, snapshot_id: int,
                   by: tuple[str, ...] = ()) -> tuple[Select, Select]:
    """Per (LAO columns `by`, day): LAOs completed (the day of their last certification) and cells certified;
    also the source of rollup_day (by province)."""
    n_domains = _domain_count(conn, year)
    certified = (
        select(*(getattr(Lao, name) for name in by), LaoStatus.lao_id, LaoStatus.certified_at)
        .join(Lao, Lao.id == LaoStatus.lao_id)
        .where(LaoStatus.snapshot_id == snapshot_id, LaoStatus.status == CERTIFIED)
    )
    certified = _in_scope(certified, scope).subquery()
    keys = [certified.c[name] for name in by]
    completed = (
        select(*keys, func.max(certified.c.certified_at).label("done"))
        .group_by(certified.c.lao_id, *keys)
        .having(func.count() == n_domains)
    ).subquery()
    done_keys = [completed.c[name] for name in by]
    lao_days = select(*done_keys, _day(conn, completed.c.done).label("day"), func.count().label("n")) \
        .group_by(*done_keys, "day")
    cell_days = select(*keys, _day(conn, certified.c.certified_at).label("day"), func.count().label("n")) \
        .group_by(*keys, "day")
    return lao_days, cell_days


def _trend_frame(conn: Connection, year: int, scope: Scope, snapshot_id: int) -> "pd.DataFrame":
    """Live reference: per day, complete_new and cells_new straight from the snapshot's status rows."""
    import pandas as pd

    lao_query, cell_query = _trend_queries(conn, year, scope, snapshot_id)
    laos = pd.DataFrame(conn.execute(lao_query).all(), columns=["day", "complete_new"])
    cells = pd.DataFrame(conn.execute(cell_query).all(), columns=["day", "cells_new"])
    return laos.merge(cells, on="day", how="outer").fillna(0)


def _rollup_trend_frame(conn: Connection, year: int, scope: Scope, snapshot_id: int) -> "pd.DataFrame":
    """The same per-day increments as `_trend_frame`, added up from the rollups."""
    import pandas as pd

    if snapshot_id == NO_SNAPSHOT or not _rollups_ready(conn, year, snapshot_id):
        return _trend_frame(conn, year, scope, snapshot_id)
    query = (select(RollupDay.day, func.sum(RollupDay.complete_new), func.sum(RollupDay.cells_new))
             .where(RollupDay.snapshot_id == snapshot_id).group_by(RollupDay.day))
    if not scope.is_national:
        query = query.where(RollupDay.province_code.in_(sorted(scope.provinces)))
    return pd.DataFrame(conn.execute(query).all(), columns=["day", "complete_new", "cells_new"])


def _cumulative(trend: "pd.DataFrame") -> "pd.DataFrame":
    import pandas as pd

    trend["day"] = pd.to_datetime(trend["day"]).dt.date
    trend = trend.sort_values("day").reset_index(drop=True)
    trend["complete"] = trend["complete_new"].astype("int64").cumsum()
    trend["cells_certified"] = trend["cells_new"].astype("int64").cumsum()
    return trend[["day", "complete", "cells_certified"]]


def completion_trend(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> "pd.DataFrame":
    """Day by day from the latest snapshot's dated events: LAOs complete (all domains certified; the day of the
    last certification) and domains certified, both cumulative. Ends at the snapshot's totals."""
    with engine.connect() as conn:
        snapshot_id = _snapshot_or_latest(conn, year, snapshot_id)
        trend = _rollup_trend_frame(conn, year, scope, snapshot_id)
    return _cumulative(trend)
