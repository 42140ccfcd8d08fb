"""Where a province (or the country) stands this morning: the one view model that the status card, the daily
digest and the province page's headline read, so that a number cannot differ between them.

Every count is `figures.summary` for the same scope (what `python -m data_access summary` prints); the rank is
`figures.province_figures`'; the change is against the snapshot before the latest (as the province page shows it);
the lagging groups are the least complete districts (provinces, for the country); the reasons partition the LAOs
not complete by the deadline risk's facts (data_access/figures/risk.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import Engine

from data_access import figures
from data_access.geography import BANGKOK
from data_access.access.scope import Scope

LAGGING = 3
# Why LAOs are not complete, one reason each, in this order of precedence (risk.py's columns decide):
NOT_BEGUN = "not_begun"  # no domain started at all
STALLED = "stalled"  # started, but nothing certified in the risk window (14 days)
TOO_SLOW = "too_slow"  # certifying, but at its pace it will not finish in time
ON_PACE = "on_pace"  # certifying at a pace that finishes in time
REASONS = (NOT_BEGUN, STALLED, TOO_SLOW, ON_PACE)


class NoStanding(LookupError):
    """No standing for this fiscal year and province (unknown, Bangkok, no LAOs); the message is a sentence."""


class NotPermitted(PermissionError):
    """A province's districts and LAOs asked for by a reader whose scope does not hold it."""


def check_scope(scope: Scope, province: str | None) -> None:
    if province is not None and not scope.is_national and province not in scope.provinces:
        raise NotPermitted(f"province {province} is not in this reader's scope")


@dataclass(frozen=True)
class Group:
    """A lagging district (or, for the country, province)."""

    code: str
    name_th: str
    name_en: str
    laos: int
    complete: int
    completion_rate: float


@dataclass(frozen=True)
class Change:
    """The figures of the snapshot before the latest one."""

    as_of: date
    completion_rate: float
    complete: int
    rank: int | None
    in_progress: int
    not_started: int


@dataclass(frozen=True)
class Standing:
    fiscal_year: int
    province_code: str | None  # None: the whole country
    name_th: str  # the province's name, or ประเทศ
    name_en: str
    today: date
    deadline: date
    days_left: int
    as_of: date | None
    laos: int
    complete: int
    in_progress: int
    not_started: int
    completion_rate: float
    rank: int | None  # among the provinces with LAOs (None for the country, or no data)
    provinces_ranked: int
    previous: Change | None
    lagging: tuple[Group, ...]
    levels: dict[str, int] | None  # risk level → LAOs not complete (None: no risk outside the campaign)
    reasons: tuple[tuple[str, int], ...]  # (reason, LAOs), most first, only reasons with LAOs

    @property
    def national(self) -> bool:
        return self.province_code is None

    @property
    def not_complete(self) -> int:
        return self.laos - self.complete


def standing(engine: Engine, fiscal_year: int, scope: Scope, province: str | None, today: date) -> Standing:
    """The standing of `province` (None: the whole country) for a reader who may see `scope`. Raises NoStanding
    with a sentence, and NotPermitted for a province outside the scope (the country's aggregates are everyone's)."""
    return Standings(engine, fiscal_year, today).of(scope, province)


class Standings:
    """The reads that every standing of one fiscal year and day shares, read once: the digest asks for all 77."""

    def __init__(self, engine: Engine, fiscal_year: int, today: date):
        try:
            self.national = figures.summary(engine, fiscal_year, Scope.national(), today)
        except figures.UnknownFiscalYear:
            raise NoStanding(f"fiscal year {fiscal_year} has no data: import its registry first") from None
        self.engine, self.fiscal_year, self.today = engine, fiscal_year, today
        self.shots = figures.snapshots(engine, fiscal_year)
        self.latest = self.shots[0].id if self.shots else None
        self.ranked = figures.province_figures(engine, fiscal_year, Scope.national(), self.latest)
        self.ranked_before = (figures.province_figures(engine, fiscal_year, Scope.national(), self.shots[1].id)
                              if len(self.shots) > 1 else None)
        self.provinces = {p["code"]: p for p in self.national.provinces}  # provinces with LAOs
        self.info = figures.fiscal_year_info(engine, fiscal_year)
        self.n_domains = len(self.info.domains)
        self._judged = None

    @property
    def campaign_running(self) -> bool:
        """Risk is judged until the deadline, on data (as the province page does)."""
        return self.national.as_of is not None and self.national.days_left >= 0

    def judge_all(self) -> None:
        """Judge the whole country's risk once, for many provinces to come (risk.assess works per province and
        type, so a province's rows of the national frame are what judging the province alone gives)."""
        if self.campaign_running and self._judged is None:
            self._judged = self._lao_risk(Scope.national())

    def _lao_risk(self, scope: Scope):
        from data_access.figures import risk

        return risk.lao_risk(self.engine, self.fiscal_year, scope, self.national.as_of, self.latest)

    def of(self, scope: Scope, province: str | None, districts=None, judged=None) -> Standing:
        """`districts` and `judged` (the province's district_counts and judged_for) when the caller has read them."""
        check_scope(scope, province)
        n, shots = self.national, self.shots
        if province is None:
            counts, name_th, name_en, rank, scope = asdict(n.national), "ทั้งประเทศ", "Thailand", None, None
            lagging = _groups(self.ranked.sort_values(["completion_rate", "cell_rate", "name_th"]), "code")
            previous = None
            if len(shots) > 1:
                before = figures.group_counts(self.engine, self.fiscal_year, Scope.national(), (),
                                              shots[1].id).iloc[0]
                previous = _change(shots[1].as_of, before, None)
        else:
            counts = self.provinces.get(province)
            if counts is None:
                raise NoStanding(_no_province(self.engine, province, self.fiscal_year))
            name_th, name_en, scope = counts["name_th"], counts["name_en"], Scope.of(province)
            rank = _rank(self.ranked, province) if self.latest is not None else None
            if districts is None:
                districts = figures.district_counts(self.engine, self.fiscal_year, scope, self.latest)
            lagging = _groups(districts.sort_values(["completion_rate", "cell_rate", "name_th"]), "district")
            previous = None
            if self.ranked_before is not None:
                before = self.ranked_before[self.ranked_before["code"] == province].iloc[0]
                previous = _change(shots[1].as_of, before, _rank(self.ranked_before, province))
        return Standing(
            fiscal_year=self.fiscal_year, province_code=province, name_th=name_th, name_en=name_en,
            today=self.today, deadline=n.deadline, days_left=n.days_left, as_of=n.as_of,
            **{k: counts[k] for k in ("laos", "complete", "in_progress", "not_started", "completion_rate")},
            rank=rank, provinces_ranked=len(self.ranked), previous=previous, lagging=lagging,
            **self._risk(province, judged))

    def judged_for(self, province: str | None):
        """The deadline risk of every LAO not complete in `province` (None: the country); call while the campaign
        runs. From the country's judgement when judge_all() made it."""
        if self._judged is None:
            return self._lao_risk(Scope.of(province) if province else Scope.national())
        return self._judged if province is None else self._judged[self._judged["province_code"] == province]

    def chase_list(self, scope: Scope, province: str) -> tuple[str, bytes, int]:
        """(file name, XLSX bytes, rows): the chase list the province page offers with no filter set — every LAO
        not complete, with its deadline risk during the campaign, built by the page's own functions."""
        from data_access.figures import queries, risk
        from data_access.figures.export import ChaseContext, chase_rows, file_name, to_xlsx

        check_scope(scope, province)
        counts = self.provinces.get(province)
        if counts is None:
            raise NoStanding(_no_province(self.engine, province, self.fiscal_year))
        grid = queries.lao_grid(self.engine, self.fiscal_year, Scope.of(province), self.latest)
        if self.campaign_running:
            grid = risk.with_risk(grid, self.judged_for(province))
        context = ChaseContext(self.fiscal_year, counts["name_th"], self.national.as_of, self.info.deadline,
                               self.info.domains)
        rows = chase_rows(grid, context)
        return file_name(context, "xlsx"), to_xlsx(rows, context), len(rows)

    def _risk(self, province: str | None, judged=None) -> dict:
        if not self.campaign_running:
            return {"levels": None, "reasons": ()}
        from data_access.figures import risk

        if judged is None:
            judged = self.judged_for(province)
        levels = {level: int((judged["level"] == level).sum()) for level in risk.LEVELS}
        counts = dict.fromkeys(REASONS, 0)
        for row in judged.itertuples(index=False):
            counts[_reason_of(row, self.n_domains)] += 1
        ordered = sorted(((r, c) for r, c in counts.items() if c), key=lambda rc: (-rc[1], REASONS.index(rc[0])))
        return {"levels": levels, "reasons": tuple(ordered)}


def _no_province(engine: Engine, province: str, fiscal_year: int) -> str:
    names = set(figures.province_names(engine)["code"])
    if province not in names:
        shown = "".join(ch for ch in str(province)[:20] if ch.isprintable())
        return f"there is no province with code '{shown}' (a two-digit DOPA code such as 50)"
    if province == BANGKOK:
        return "Bangkok is not under the Department of Local Administration: it has no LAOs"
    return f"province {province} has no LAOs in fiscal year {fiscal_year}"


def _change(as_of: date, before, rank: int | None) -> Change:
    """The Change from a group_counts or province_figures row of the snapshot before the latest."""
    return Change(as_of, float(before["completion_rate"]), int(before["complete"]), rank, int(before["in_progress"]),
                  int(before["not_started"]))


def _rank(ranked, province: str) -> int | None:
    mine = ranked.loc[ranked["code"] == province, "rank"]
    return int(mine.iloc[0]) if len(mine) else None


def _groups(ordered, key: str) -> tuple[Group, ...]:
    """The first LAGGING groups of `ordered` that still have LAOs to finish."""
    todo = ordered[ordered["complete"] < ordered["laos"]].head(LAGGING)
    return tuple(Group(str(r[key]), str(r["name_th"]), str(r["name_en"]), int(r["laos"]), int(r["complete"]),
                       float(r["completion_rate"])) for _, r in todo.iterrows())


def _reason_of(row, n_domains: int) -> str:
    from data_access.figures import risk

    if row.not_started == n_domains:
        return NOT_BEGUN
    if row.recent == 0:
        return STALLED
    return ON_PACE if row.level == risk.ON_TRACK else TOO_SLOW
