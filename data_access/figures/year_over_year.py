"""Year over year: where a province (or an LAO) stood in the previous fiscal year at the same number of days before
that year's deadline, from the dated events of the previous year's latest snapshot. Aggregates for provinces (every
role may see them); an LAO's own figure takes a scope like every LAO-level read."""

from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine, String, select, type_coerce

from data_access.figures import risk
from data_access.figures.counts import _snapshot_or_latest
from data_access.models import FiscalYear, Lao, LaoStatus
from data_access.access.scope import Scope

THEN_COLUMNS = ["province_code", "laos_then", "complete_then", "rate_then"]


def comparable_day(engine: Engine, year: int, as_of: date) -> date | None:
    """The day of the previous fiscal year as far from its deadline as `as_of` is from this year's; None when the
    database has no previous year."""
    with engine.connect() as conn:
        deadlines = dict(conn.execute(select(FiscalYear.year, FiscalYear.deadline)
                                      .where(FiscalYear.year.in_([year, year - 1]))).all())
    if year - 1 not in deadlines or year not in deadlines:
        return None
    return deadlines[year - 1] - timedelta(days=(deadlines[year] - as_of).days)


def provinces_then(engine: Engine, year: int, as_of: date) -> pd.DataFrame:
    """THEN_COLUMNS per province: LAOs complete on the comparable day of the previous fiscal year."""
    day = comparable_day(engine, year, as_of)
    if day is None:
        return pd.DataFrame(columns=THEN_COLUMNS)
    inputs = risk.read_inputs(engine, year - 1, Scope.national())
    if inputs.cells.empty:
        return pd.DataFrame(columns=THEN_COLUMNS)
    done = risk.finished_by(inputs, day)
    laos = inputs.laos.assign(done=inputs.laos["code"].isin(list(done)))
    then = laos.groupby("province_code").agg(laos_then=("code", "size"), complete_then=("done", "sum")).reset_index()
    then["complete_then"] = then["complete_then"].astype("int64")
    then["rate_then"] = then["complete_then"] / then["laos_then"]
    return then[THEN_COLUMNS]


def lao_then(engine: Engine, year: int, scope: Scope, code: str, as_of: date) -> int | None:
    """Domains the LAO had certified on the comparable day of the previous fiscal year; None when there is no
    previous year or the LAO was not in its registry (or is outside `scope`). Reads that one LAO's status rows of
    the previous year's latest snapshot (the whole year's rows per LAO page was most of the server's CPU under
    load), counted as risk.read_inputs would."""
    day = comparable_day(engine, year, as_of)
    if day is None:
        return None
    in_scope = [Lao.fiscal_year == year - 1, Lao.code == code]
    if not scope.is_national:
        in_scope.append(Lao.province_code.in_(sorted(scope.provinces)))
    with engine.connect() as conn:
        lao_id = conn.scalar(select(Lao.id).where(*in_scope))
        if lao_id is None:
            return None
        snapshot_id = _snapshot_or_latest(conn, year - 1, None)
        moments = conn.scalars(select(type_coerce(LaoStatus.certified_at, String))
                               .where(LaoStatus.lao_id == lao_id, LaoStatus.snapshot_id == snapshot_id,
                                      LaoStatus.certified_at.is_not(None))).all()
    end = pd.Timestamp(day) + pd.Timedelta(days=1)
    return int((pd.to_datetime(pd.Series(moments, dtype=object), format="ISO8601") < end).sum())
