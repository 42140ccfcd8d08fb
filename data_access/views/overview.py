"""The national overview's view model: the summary, the fiscal year's letter, the trend and its pace, and the
provinces ranked (with the previous year at the same point and, until the deadline, the deadline risk). The
briefing's national part reads the same ranking and pace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Engine

from data_access import figures
from data_access.access.scope import Scope
from data_access.figures import risk, year_over_year
from data_access.reference import fiscal_year_start

RECENT_WINDOW_DAYS = 14
TOP_N = 10


@dataclass(frozen=True)
class OverviewView:
    """Never modify the frames: one object is shared by every session that opens the view."""

    summary: figures.Summary
    info: figures.FiscalYearInfo
    trend: pd.DataFrame  # figures.completion_trend of the country
    progress: "Pace"
    ranking: pd.DataFrame  # province_ranking, with_context
    provinces: pd.DataFrame  # summary.provinces as a frame: the national map's data


def overview_view(engine: Engine, year: int, today: date) -> OverviewView:
    """Aggregates only: every reader sees the same overview."""
    national = Scope.national()
    summary = figures.summary(engine, year, national, today)
    info = figures.fiscal_year_info(engine, year)
    trend = figures.completion_trend(engine, year, national)
    ranking = province_ranking(summary.provinces)
    if summary.as_of is not None:  # the previous year at the same point; until the deadline, who will miss it
        judged = (risk.level_counts(risk.lao_risk(engine, year, national, summary.as_of))
                  if summary.days_left >= 0 else None)
        ranking = with_context(ranking, year_over_year.provinces_then(engine, year, summary.as_of), judged)
    progress = pace(trend, info.letter_date or fiscal_year_start(year), summary.deadline, summary.national.laos,
                    summary.as_of, today, current=summary.national.complete)
    return OverviewView(summary, info, trend, progress, ranking, pd.DataFrame(summary.provinces))


def province_ranking(provinces: list[dict], n: int = TOP_N) -> pd.DataFrame:
    """Summary.provinces sorted by completion rate (best first; ties by more complete, then code), with
    `rank` (ties share the best rank) and `group` "top" / "bottom" / "" for the first and last `n` rows."""
    columns = ["code", "name_th", "name_en", "laos", "complete", "completion_rate"]
    frame = pd.DataFrame(provinces, columns=columns)
    frame = frame.sort_values(["completion_rate", "complete", "code"], ascending=[False, False, True])
    frame = frame.reset_index(drop=True)
    frame["rank"] = frame["completion_rate"].rank(method="min", ascending=False).astype("int64")
    group = pd.Series("", index=frame.index)
    if len(frame) > 2 * n:
        group.iloc[:n] = "top"
        group.iloc[-n:] = "bottom"
    frame["group"] = group
    return frame


def with_context(ranking: pd.DataFrame, then: pd.DataFrame | None, risk_counts: pd.DataFrame | None) -> pd.DataFrame:
    """province_ranking with the previous fiscal year at the same point (`rate_then`, year_over_year.THEN_COLUMNS)
    and the deadline risk counts (`will_miss`, `at_risk`), where given."""
    frame = ranking
    if then is not None and len(then):
        frame = frame.merge(then[["province_code", "rate_then"]], left_on="code", right_on="province_code",
                            how="left").drop(columns="province_code")
    if risk_counts is not None and len(risk_counts):
        frame = frame.merge(risk_counts[["province_code", "will_miss", "at_risk"]], left_on="code",
                            right_on="province_code", how="left").drop(columns="province_code")
        frame[["will_miss", "at_risk"]] = frame[["will_miss", "at_risk"]].fillna(0).astype("int64")
    return frame


@dataclass(frozen=True)
class Pace:
    start: date  # the letter date, or the fiscal year's first day
    deadline: date
    total: int  # LAOs in scope: the target
    as_of: date | None  # the latest snapshot; None when there is no status data
    current: int  # LAOs complete as of `as_of`
    window_days: int  # days the recent rate is measured over
    per_day: float  # LAOs completed per day over the window
    needed_per_day: float | None  # per day still needed to finish by the deadline; None when it has passed
    projected: int  # LAOs complete on the deadline at the recent rate (capped at total); the final count if past
    final: bool  # the deadline has passed (or the data already reaches it): the figures are final

    @property
    def projected_rate(self) -> float:
        return self.projected / self.total if self.total else 0.0

    @property
    def on_track(self) -> bool:
        return self.total > 0 and self.projected >= self.total


def complete_on(trend: pd.DataFrame, day: date) -> int:
    """Cumulative complete LAOs at the end of `day` (0 before the first event)."""
    if trend.empty:
        return 0
    before = trend[trend["day"] <= day]
    return int(before["complete"].iloc[-1]) if not before.empty else 0


def pace(trend: pd.DataFrame, start: date, deadline: date, total: int, as_of: date | None, today: date,
         current: int | None = None, window: int = RECENT_WINDOW_DAYS) -> Pace:
    """The recent rate (over the last `window` days up to the latest data, or since `start` if shorter),
    extended in a straight line to the deadline and capped at `total`.

    `trend` has columns day, complete (cumulative). `current` defaults to the trend's value on `as_of`.
    Past the deadline (today after it, or data as of the deadline or later) the projection is the final count:
    LAOs complete on the deadline day.
    """
    if as_of is None:
        return Pace(start, deadline, total, None, 0, 0, 0.0, None if today > deadline else _needed(total, 0, start,
                    deadline), 0, today > deadline)
    now = complete_on(trend, as_of) if current is None else current
    window_days = max(1, min(window, (as_of - start).days))
    per_day = (now - complete_on(trend, as_of - timedelta(days=window_days))) / window_days
    if today > deadline or as_of >= deadline:
        final = now if as_of == deadline else complete_on(trend, deadline)
        return Pace(start, deadline, total, as_of, now, window_days, per_day, None, min(final, total), True)
    remaining = (deadline - as_of).days
    projected = min(total, now + round(per_day * remaining))
    return Pace(start, deadline, total, as_of, now, window_days, per_day, _needed(total, now, as_of, deadline),
                projected, False)


def _needed(total: int, now: int, since: date, deadline: date) -> float:
    days = (deadline - since).days
    return max(0, total - now) / days if days > 0 else float(max(0, total - now))


