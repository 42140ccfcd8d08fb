"""The figures of DOMAIN.md §6, computed once, in SQL. The CLI, every page and every export read them from here."""

from dataclasses import asdict, dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import Connection, Date, Engine, and_, case, func, select
from sqlalchemy.sql import Select

from data_access.models import Domain, FiscalYear, ImportLog, Lao, LaoStatus, Province, Snapshot
from data_access.reference import CERTIFIED, LAO_TYPES, NOT_STARTED
from data_access.scope import Scope

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


def group_counts(engine: Engine, year: int, scope: Scope, by: tuple[str, ...] = (),
                 snapshot_id: int | None = None) -> pd.DataFrame:
    """Counts (laos, complete, in_progress, not_started, cells, cells_certified, completion_rate) per group.

    `by` names columns of the per-LAO rows: province_code, type, district_code, district_name_th. The latest
    snapshot is used unless `snapshot_id` is given.
    """
    with engine.connect() as conn:
        if snapshot_id is None:
            latest = _latest_snapshot_id(conn, year)
            snapshot_id = NO_SNAPSHOT if latest is None else latest
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
        frame = pd.DataFrame(conn.execute(query).mappings().all(),
                             columns=[*by, "laos", "complete", "not_started", "cells_certified"])
    for column in ("laos", "complete", "not_started", "cells_certified"):
        frame[column] = frame[column].astype("int64")
    frame["in_progress"] = frame["laos"] - frame["complete"] - frame["not_started"]
    frame["cells"] = frame["laos"] * n_domains
    frame["completion_rate"] = (frame["complete"] / frame["laos"]).where(frame["laos"] > 0, 0.0)
    frame["cell_rate"] = (frame["cells_certified"] / frame["cells"]).where(frame["cells"] > 0, 0.0)
    return frame


def _latest_snapshot_id(conn: Connection, year: int) -> int | None:
    return conn.scalar(select(Snapshot.id).where(Snapshot.fiscal_year == year)
                       .order_by(Snapshot.as_of.desc(), Snapshot.id.desc()).limit(1))


def domain_counts(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> pd.DataFrame:
    """Per domain of the year: LAOs (in scope) at each status. Missing rows count as not started."""
    with engine.connect() as conn:
        if snapshot_id is None:
            snapshot_id = _latest_snapshot_id(conn, year) or NO_SNAPSHOT
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
    by_domain = {d.code: {"certified": 0, "updated": 0, "recorded": 0} for d in domains}
    names = {3: "certified", 2: "updated", 1: "recorded"}
    for code, status, n in counts:
        if status in names:
            by_domain[code][names[status]] = int(n)
    rows = []
    for d in domains:
        c = by_domain[d.code]
        rows.append({"code": d.code, "name_th": d.name_th, "name_en": d.name_en, **c,
                     "not_started": laos - c["certified"] - c["updated"] - c["recorded"]})
    return pd.DataFrame(rows, columns=["code", "name_th", "name_en", "certified", "updated", "recorded",
                                       "not_started"])


def province_names(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(select(Province.code, Province.name_th, Province.name_en)
                                         .order_by(Province.code)).all(), columns=["code", "name_th", "name_en"])


def province_figures(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> pd.DataFrame:
    """One row per province with LAOs, named, with its rank among all provinces by completion rate."""
    counts = group_counts(engine, year, Scope.national(), ("province_code",), snapshot_id)
    counts = counts.rename(columns={"province_code": "code"})
    counts["rank"] = counts["completion_rate"].rank(method="min", ascending=False).astype("int64")
    named = province_names(engine).merge(counts, on="code", how="inner")
    if not scope.is_national:
        named = named[named["code"].isin(scope.provinces)]
    return named.reset_index(drop=True)


def days_left(deadline: date, today: date) -> int:
    return (deadline - today).days


def summary(engine: Engine, year: int, scope: Scope, today: date) -> Summary:
    """Everything `python -m data_access summary` prints, for one fiscal year and scope."""
    if year not in fiscal_years(engine):
        raise UnknownFiscalYear(f"fiscal year {year} has no registry")
    if not scope.is_national:
        known = set(province_names(engine)["code"])
        unknown = sorted(scope.provinces - known)
        if unknown:
            raise UnknownProvince(f"unknown province code: {', '.join(unknown)}")
    info = fiscal_year_info(engine, year)
    shots = snapshots(engine, year)
    snapshot_id = shots[0].id if shots else NO_SNAPSHOT
    national = group_counts(engine, year, scope, (), snapshot_id).iloc[0]
    provinces = province_figures(engine, year, scope, snapshot_id)
    types = group_counts(engine, year, scope, ("type",), snapshot_id)
    order = {t.label: i for i, t in enumerate(LAO_TYPES)}
    types = types.sort_values("type", key=lambda s: s.map(order).fillna(len(order)))
    domains = domain_counts(engine, year, scope, snapshot_id)
    count_keys = ("laos", "complete", "in_progress", "not_started", "cells", "cells_certified")
    return Summary(
        fiscal_year=year,
        as_of=shots[0].as_of if shots else None,
        today=today,
        deadline=info.deadline,
        days_left=days_left(info.deadline, today),
        national=Counts(**{k: int(national[k]) for k in count_keys},
                        completion_rate=float(national["completion_rate"])),
        provinces=[{"code": r.code, "name_th": r.name_th, "name_en": r.name_en,
                    **{k: int(getattr(r, k)) for k in count_keys}, "completion_rate": float(r.completion_rate)}
                   for r in provinces.itertuples()],
        types=[{"type": r.type, **{k: int(getattr(r, k)) for k in ("laos", "complete", "in_progress", "not_started")}}
               for r in types.itertuples()],
        domains=[{"code": int(r.code), "name_th": r.name_th,
                  **{k: int(getattr(r, k)) for k in ("certified", "updated", "recorded", "not_started")}}
                 for r in domains.itertuples()],
    )


def _day(conn: Connection, column):
    return func.date(column) if conn.dialect.name == "sqlite" else func.cast(column, Date)


def completion_trend(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> pd.DataFrame:
    """Day by day from the latest snapshot's dated events: LAOs complete (all domains certified; the day of the
    last certification) and domains certified, both cumulative. Ends at the snapshot's totals."""
    with engine.connect() as conn:
        if snapshot_id is None:
            snapshot_id = _latest_snapshot_id(conn, year) or NO_SNAPSHOT
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
    laos = pd.DataFrame(lao_days, columns=["day", "complete_new"])
    cells = pd.DataFrame(cell_days, columns=["day", "cells_new"])
    trend = laos.merge(cells, on="day", how="outer").fillna(0)
    trend["day"] = pd.to_datetime(trend["day"]).dt.date
    trend = trend.sort_values("day").reset_index(drop=True)
    trend["complete"] = trend["complete_new"].astype("int64").cumsum()
    trend["cells_certified"] = trend["cells_new"].astype("int64").cumsum()
    return trend[["day", "complete", "cells_certified"]]
