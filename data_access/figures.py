"""The figures of DOMAIN.md §6, computed once, in SQL. The CLI, every page and every export read them from here."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Date, Engine, and_, case, func, select
from sqlalchemy.sql import Select

from data_access.models import Domain, FiscalYear, ImportLog, Lao, LaoStatus, Province, Snapshot
from data_access.reference import CERTIFIED, LAO_TYPES, NOT_STARTED, RECORDED, UPDATED
from data_access.scope import Scope

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
    """Snapshots of a fiscal year, latest first (highest as-of; on a tie the last imported)."""
    with engine.connect() as conn:
        rows = conn.execute(select(Snapshot.id, Snapshot.as_of, Snapshot.source_name, Snapshot.imported_at)
                            .where(Snapshot.fiscal_year == year)
                            .order_by(Snapshot.as_of.desc(), Snapshot.id.desc())).all()
    return [SnapshotInfo(*r) for r in rows]


def _in_scope(query: Select, scope: Scope) -> Select:
    return query if scope.is_national else query.where(Lao.province_code.in_(sorted(scope.provinces)))


def _per_lao(year: int, snapshot_id: int, scope: Scope) -> Select:
    """One row per LAO in scope: how many of its domains are certified, and how many started at all."""
    query = (
        select(
            Lao.id, Lao.province_code, Lao.type, Lao.district_code, Lao.district_name_th,
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
    return conn.scalar(select(Snapshot.id).where(Snapshot.fiscal_year == year)
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


def _group_rows(conn: Connection, year: int, scope: Scope, by: tuple[str, ...], snapshot_id: int) -> list[dict]:
    """The SQL aggregation every figure comes from: per group, LAOs, complete, not started, certified cells."""
    n_domains = _domain_count(conn, year)
    per_lao = _per_lao(year, snapshot_id, scope).subquery()
    keys = [per_lao.c[name] for name in by]
    query = select(
        *keys,
        func.count().label("laos"),
        func.coalesce(func.sum(case((per_lao.c.certified == n_domains, 1), else_=0)), 0).label("complete"),
        func.coalesce(func.sum(case((per_lao.c.started == 0, 1), else_=0)), 0).label("not_started"),
        func.coalesce(func.sum(per_lao.c.certified), 0).label("cells_certified"),
    ).group_by(*keys).order_by(*keys)
    rows = []
    for r in conn.execute(query).mappings():
        row = {name: r[name] for name in by}
        row.update({k: int(r[k]) for k in ("laos", "complete", "not_started", "cells_certified")})
        rows.append(_with_rates(row, n_domains))
    return rows


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

    `by` names columns of the per-LAO rows: province_code, type, district_code, district_name_th. The latest
    snapshot is used unless `snapshot_id` is given.
    """
    import pandas as pd

    with engine.connect() as conn:
        rows = _group_rows(conn, year, scope, by, _snapshot_or_latest(conn, year, snapshot_id))
    return pd.DataFrame(rows, columns=[*by, *GROUP_COLUMNS])


def _domain_rows(conn: Connection, year: int, scope: Scope, snapshot_id: int) -> list[dict]:
    laos = conn.scalar(_in_scope(select(func.count()).select_from(Lao).where(Lao.fiscal_year == year), scope))
    status_counts = _in_scope(
        select(LaoStatus.domain_code, LaoStatus.status, func.count().label("n"))
        .join(Lao, Lao.id == LaoStatus.lao_id)
        .where(LaoStatus.snapshot_id == snapshot_id)
        .group_by(LaoStatus.domain_code, LaoStatus.status), scope,
    )
    counts = conn.execute(status_counts).all()
    domains = conn.execute(select(Domain.code, Domain.name_th, Domain.name_en)
                           .where(Domain.fiscal_year == year).order_by(Domain.code)).all()
    names = {CERTIFIED: "certified", UPDATED: "updated", RECORDED: "recorded"}
    by_domain = {d.code: {"certified": 0, "updated": 0, "recorded": 0} for d in domains}
    for code, status, n in counts:
        if status in names:
            by_domain[code][names[status]] = int(n)
    return [{"code": d.code, "name_th": d.name_th, "name_en": d.name_en, **by_domain[d.code],
             "not_started": laos - sum(by_domain[d.code].values())} for d in domains]


def domain_counts(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> "pd.DataFrame":
    """Per domain of the year: LAOs (in scope) at each status. Missing rows count as not started."""
    import pandas as pd

    with engine.connect() as conn:
        rows = _domain_rows(conn, year, scope, _snapshot_or_latest(conn, year, snapshot_id))
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
        rows = _group_rows(conn, year, Scope.national(), ("province_code",),
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
        if not conn.scalar(select(func.count()).select_from(Lao).where(Lao.fiscal_year == year)):
            raise UnknownFiscalYear(f"fiscal year {year} has no registry")
        names = _province_names(conn)
        if not scope.is_national and scope.provinces - set(names):
            raise UnknownProvince(f"unknown province code: {', '.join(sorted(scope.provinces - set(names)))}")
        n_domains = _domain_count(conn, year)
        rows = _group_rows(conn, year, scope, ("province_code", "type"), snapshot_id)
        domains = _domain_rows(conn, year, scope, snapshot_id)
    national = _fold(rows, (), n_domains)[0]
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


def completion_trend(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> "pd.DataFrame":
    """Day by day from the latest snapshot's dated events: LAOs complete (all domains certified; the day of the
    last certification) and domains certified, both cumulative. Ends at the snapshot's totals."""
    with engine.connect() as conn:
        snapshot_id = _snapshot_or_latest(conn, year, snapshot_id)
        n_domains = _domain_count(conn, year)
        certified = (
            select(LaoStatus.lao_id, LaoStatus.certified_at)
            .join(Lao, Lao.id == LaoStatus.lao_id)
            .where(LaoStatus.snapshot_id == snapshot_id, LaoStatus.status == CERTIFIED)
        )
        certified = _in_scope(certified, scope).subquery()
        completed = (
            select(func.max(certified.c.certified_at).label("done"))
            .group_by(certified.c.lao_id)
            .having(func.count() == n_domains)
        ).subquery()
        lao_days = conn.execute(select(_day(conn, completed.c.done).label("day"), func.count().label("n"))
                                .group_by("day")).all()
        cell_days = conn.execute(select(_day(conn, certified.c.certified_at).label("day"), func.count().label("n"))
                                 .group_by("day")).all()
    import pandas as pd

    laos = pd.DataFrame(lao_days, columns=["day", "complete_new"])
    cells = pd.DataFrame(cell_days, columns=["day", "cells_new"])
    trend = laos.merge(cells, on="day", how="outer").fillna(0)
    trend["day"] = pd.to_datetime(trend["day"]).dt.date
    trend = trend.sort_values("day").reset_index(drop=True)
    trend["complete"] = trend["complete_new"].astype("int64").cumsum()
    trend["cells_certified"] = trend["cells_new"].astype("int64").cumsum()
    return trend[["day", "complete", "cells_certified"]]
