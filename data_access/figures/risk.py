"""Deadline risk (issue: "What users take away", item 4): will an LAO that is not complete finish by the deadline at
its pace? A transparent rule, not a black box — every level comes with its reason in words.

For each LAO not complete on the as-of day, from the dated events of its domains:
- remaining: domains not certified yet; days_left: to the deadline;
- its own pace: domains it certified in the last WINDOW_DAYS days;
- its peers' pace: domains certified per LAO and day, over the same window, by the LAOs of its province and type
  that were not complete when the window began (a late rush of its peers shows there);
- expected = days_left × pace, where pace is its own when it has certified anything in the window, else its
  peers' (halved if it has not even started);
- p_finish = 1 − exp(−K × expected / remaining) with K = 0.5 (chosen on the demo backtest, where it beat 0.3, 0.8
  and 1.2 on the Brier score at every cut-off; docs/benchmarks.md), nudged by the previous fiscal year when the database has one (it
  finished by that deadline: the chance of missing shrinks by 30 %; it did not: p_finish × 0.8);
- level: on track (p ≥ 0.6), at risk (p ≥ 0.35), will miss (below; always, once the deadline has passed; never
  while more than HORIZON_DAYS are left, when "at risk" is the most it says).

`assess` is pure (frames in, frame out), so `bench/risk_backtest.py` can replay a past fiscal year at any day from
the dated events of its final snapshot and score the levels against what happened.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import Engine, String, and_, func, select, type_coerce

from data_access.figures.counts import NO_SNAPSHOT, _snapshot_or_latest
from data_access.models import Domain, FiscalYear, Lao, LaoStatus
from data_access.reference import CERTIFIED, NOT_STARTED
from data_access.access.scope import Scope

WINDOW_DAYS = 14
ON_TRACK, AT_RISK, WILL_MISS = "on_track", "at_risk", "will_miss"
LEVELS = (WILL_MISS, AT_RISK, ON_TRACK)  # worst first: the order a chase list sorts by
ON_TRACK_FROM, AT_RISK_FROM = 0.6, 0.35
# Further than this from the deadline, an LAO without pace is "at risk", never "will miss": early in a campaign
# most LAOs have not begun, and the pace of two weeks says little about the months left.
HORIZON_DAYS = 60
PACE_TO_CHANCE = 0.5  # K in p_finish = 1 − exp(−K × expected / remaining)
RISK_COLUMNS = ["code", "province_code", "remaining", "not_started", "recent", "days_left", "pace", "expected", "p_finish", "level",
                "previous", "reason_th", "reason_en"]
CELL_COLUMNS = ["code", "province_code", "type", "domain", "status", "recorded_at", "certified_at"]


@dataclass(frozen=True)
class RiskInputs:
    laos: pd.DataFrame  # code, province_code, type: every LAO of the year in scope
    cells: pd.DataFrame  # CELL_COLUMNS: the snapshot's status rows of those LAOs
    n_domains: int
    deadline: date


def read_inputs(engine: Engine, year: int, scope: Scope, snapshot_id: int | None = None) -> RiskInputs:
    with engine.connect() as conn:
        snapshot_id = _snapshot_or_latest(conn, year, snapshot_id)
        deadline = conn.scalar(select(FiscalYear.deadline).where(FiscalYear.year == year))
        n_domains = conn.scalar(select(func.count()).select_from(Domain).where(Domain.fiscal_year == year))
        in_scope = [Lao.fiscal_year == year]
        if not scope.is_national:
            in_scope.append(Lao.province_code.in_(sorted(scope.provinces)))
        # Plain tuples: a DataFrame built from Row objects probes each for attributes (127k KeyErrors inside).
        laos = pd.DataFrame([tuple(r) for r in conn.execute(
            select(Lao.code, Lao.province_code, Lao.type).where(*in_scope))], columns=["code", "province_code", "type"])
        # The moments as the driver gives them (text on SQLite), parsed by pandas in one go: SQLAlchemy's
        # per-row DateTime processing was most of this read (1.5 s → 0.3 s for the country).
        cells = pd.DataFrame([tuple(r) for r in conn.execute(
            select(Lao.code, Lao.province_code, Lao.type, LaoStatus.domain_code, LaoStatus.status,
                   type_coerce(LaoStatus.recorded_at, String), type_coerce(LaoStatus.certified_at, String))
            .join(LaoStatus, and_(LaoStatus.lao_id == Lao.id, LaoStatus.snapshot_id == snapshot_id))
            .where(*in_scope))], columns=CELL_COLUMNS)
    for column in ("recorded_at", "certified_at"):
        cells[column] = pd.to_datetime(cells[column], format="ISO8601")
    return RiskInputs(laos, cells, n_domains or 0, deadline)


def as_of_day(inputs: RiskInputs, day: date) -> RiskInputs:
    """The same LAOs as an export taken on `day` would have shown them (events after that day had not happened)."""
    end = pd.Timestamp(datetime.combine(day, time.max))
    cells = inputs.cells[inputs.cells["recorded_at"].notna() & (inputs.cells["recorded_at"] <= end)].copy()
    certified = cells["certified_at"].notna() & (cells["certified_at"] <= end)
    cells.loc[~certified, "certified_at"] = pd.NaT
    cells.loc[~certified & (cells["status"] == CERTIFIED), "status"] = CERTIFIED - 1
    return RiskInputs(inputs.laos, cells, inputs.n_domains, inputs.deadline)


def finished_by(inputs: RiskInputs, day: date) -> set[str]:
    """Codes of the LAOs whose every domain was certified by the end of `day`."""
    end = pd.Timestamp(datetime.combine(day, time.max))
    done = inputs.cells[inputs.cells["certified_at"].notna() & (inputs.cells["certified_at"] <= end)]
    counts = done.groupby("code")["domain"].nunique()
    return set(counts[counts >= inputs.n_domains].index)


def assess(inputs: RiskInputs, as_of: date, previous_finished: set[str] | None = None) -> pd.DataFrame:
    """RISK_COLUMNS for every LAO of `inputs` not complete on `as_of`, worst first. `previous_finished`: the codes
    that finished the previous fiscal year by its deadline (None: no previous year in the database)."""
    n = inputs.n_domains
    cells = inputs.cells
    certified = cells[cells["status"] == CERTIFIED]
    per_lao = inputs.laos.set_index("code")[["province_code", "type"]].copy()
    per_lao["certified"] = certified.groupby("code")["domain"].nunique().reindex(per_lao.index).fillna(0)
    started = cells[cells["status"] > NOT_STARTED].groupby("code")["domain"].nunique()
    per_lao["started"] = started.reindex(per_lao.index).fillna(0)
    window_start = pd.Timestamp(datetime.combine(as_of - timedelta(days=WINDOW_DAYS), time.max))
    recent = certified[certified["certified_at"] > window_start].groupby("code")["domain"].nunique()
    per_lao["recent"] = recent.reindex(per_lao.index).fillna(0)

    # Peers: per province and type, certifications in the window per LAO and day, among the LAOs that were not
    # complete when the window began.
    before = per_lao["certified"] - per_lao["recent"]
    open_then = per_lao[before < n]
    peer = open_then.groupby(["province_code", "type"]).agg(recent=("recent", "sum"), laos=("recent", "size"))
    peer_rate = (peer["recent"] / (peer["laos"] * WINDOW_DAYS)).rename("peer_rate")
    per_lao = per_lao.join(peer_rate, on=["province_code", "type"])
    per_lao["peer_rate"] = per_lao["peer_rate"].fillna(0.0)

    todo = per_lao[per_lao["certified"] < n].copy()
    days_left = (inputs.deadline - as_of).days
    todo["remaining"] = n - todo["certified"]
    todo["not_started"] = n - todo["started"]
    todo["days_left"] = days_left
    own = todo["recent"] / WINDOW_DAYS
    peers = todo["peer_rate"] * np.where(todo["started"] > 0, 1.0, 0.5)
    todo["pace"] = np.where(todo["recent"] > 0, own, peers)
    todo["expected"] = max(days_left, 0) * todo["pace"]
    p = 1 - np.exp(-PACE_TO_CHANCE * todo["expected"] / todo["remaining"])
    if previous_finished is not None:
        finished_before = todo.index.isin(list(previous_finished))
        p = np.where(finished_before, 1 - (1 - p) * 0.7, p * 0.8)
        todo["previous"] = np.where(finished_before, "finished", "missed")
    else:
        todo["previous"] = ""
    todo["p_finish"] = np.where(days_left < 0, 0.0, p)
    todo["level"] = np.select([todo["p_finish"] >= ON_TRACK_FROM, todo["p_finish"] >= AT_RISK_FROM],
                              [ON_TRACK, AT_RISK], WILL_MISS)
    if days_left > HORIZON_DAYS:  # months ahead, no pace yet is no verdict: at most "at risk"
        todo.loc[todo["level"] == WILL_MISS, "level"] = AT_RISK
    for column in ("remaining", "not_started", "recent"):
        todo[column] = todo[column].astype("int64")
    todo["reason_th"] = [_reason(r, "th") for r in todo.itertuples()]
    todo["reason_en"] = [_reason(r, "en") for r in todo.itertuples()]
    order = {level: i for i, level in enumerate(LEVELS)}
    todo = todo.reset_index().rename(columns={"index": "code"})
    todo = todo.assign(_o=todo["level"].map(order)).sort_values(["_o", "p_finish", "code"]).drop(columns="_o")
    return todo[RISK_COLUMNS].reset_index(drop=True)


def _reason(r, lang: str) -> str:
    """`ยังไม่เริ่ม 3 ด้าน; 14 วันที่ผ่านมารับรองได้ 1 ด้าน; เหลือ 16 วัน` — the facts the level stands on."""
    th = lang == "th"
    parts = []
    if r.not_started:
        parts.append(f"ยังไม่เริ่ม {r.not_started} ด้าน" if th else f"{r.not_started} domains not started")
    elif r.remaining:
        parts.append(f"ยังไม่รับรอง {r.remaining} ด้าน" if th else f"{r.remaining} domains not certified")
    parts.append(f"{WINDOW_DAYS} วันที่ผ่านมารับรองได้ {r.recent} ด้าน" if th
                 else f"{r.recent} certified in the last {WINDOW_DAYS} days")
    if r.recent == 0:
        rate = r.pace * WINDOW_DAYS
        parts.append(f"อปท. ประเภทเดียวกันในจังหวัดรับรองเฉลี่ย {rate:.1f} ด้านต่อ {WINDOW_DAYS} วัน" if th
                     else f"its peers certify {rate:.1f} per {WINDOW_DAYS} days")
    if r.previous == "finished":
        parts.append("ปีที่แล้วครบตามกำหนด" if th else "finished on time last year")
    elif r.previous == "missed":
        parts.append("ปีที่แล้วไม่ครบตามกำหนด" if th else "missed last year's deadline")
    if r.days_left >= 0:
        parts.append(f"เหลือ {r.days_left} วัน" if th else f"{r.days_left} days left")
    else:
        parts.append(f"เลยกำหนด {-r.days_left} วัน" if th else f"{-r.days_left} days past the deadline")
    return "; ".join(parts)


def previous_year_finishers(engine: Engine, year: int, scope: Scope) -> set[str] | None:
    """Codes that finished the previous fiscal year by its deadline (every domain certified by then, in that year's
    latest snapshot); None when the database has no such year or no snapshot of it. Counted in SQL: the frames of
    `read_inputs` would be a second full read for one set of codes."""
    previous = year - 1
    with engine.connect() as conn:
        deadline = conn.scalar(select(FiscalYear.deadline).where(FiscalYear.year == previous))
        snapshot_id = _snapshot_or_latest(conn, previous, None) if deadline else NO_SNAPSHOT
        if snapshot_id == NO_SNAPSHOT:
            return None
        n_domains = conn.scalar(select(func.count()).select_from(Domain).where(Domain.fiscal_year == previous))
        query = (select(Lao.code)
                 .join(LaoStatus, and_(LaoStatus.lao_id == Lao.id, LaoStatus.snapshot_id == snapshot_id))
                 .where(Lao.fiscal_year == previous, LaoStatus.status == CERTIFIED,
                        LaoStatus.certified_at < datetime.combine(deadline + timedelta(days=1), time.min))
                 .group_by(Lao.code).having(func.count() >= n_domains))
        if not scope.is_national:
            query = query.where(Lao.province_code.in_(sorted(scope.provinces)))
        return set(conn.scalars(query))


def lao_risk(engine: Engine, year: int, scope: Scope, as_of: date, snapshot_id: int | None = None) -> pd.DataFrame:
    """RISK_COLUMNS for every not-complete LAO in `scope`, judged on `as_of` (the snapshot's as-of day)."""
    return assess(read_inputs(engine, year, scope, snapshot_id), as_of,
                  previous_year_finishers(engine, year, scope))


def level_counts(judged: pd.DataFrame) -> pd.DataFrame:
    """Per province (province_code): how many not-complete LAOs at each level (columns LEVELS)."""
    counts = pd.crosstab(judged["province_code"], judged["level"]) if len(judged) else pd.DataFrame()
    return counts.reindex(columns=list(LEVELS), fill_value=0).astype("int64").rename_axis(None, axis=1) \
        .rename_axis("province_code").reset_index()


RISK_GRID_COLUMNS = ["level", "p_finish", "reason_th", "reason_en"]


def with_risk(grid: "pd.DataFrame", judged: "pd.DataFrame") -> "pd.DataFrame":
    """A lao_grid with RISK_GRID_COLUMNS: the level and its reason for LAOs not complete, empty for complete ones."""
    return grid.merge(judged[["code", *RISK_GRID_COLUMNS]], on="code", how="left")

