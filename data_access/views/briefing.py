"""The meeting briefing's view model: what the projector page and the PDF both show (countdown, KPIs, map, best and
worst 10, domains, pace), from the same figures as the overview. National: the provinces are ranked. For one
province: its districts are ranked, and its rank among all provinces is given. Only aggregates: fine for every
reader (DOMAIN.md §9)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Engine

from data_access import figures
from data_access.access.scope import Scope
from data_access.geography import BANGKOK
from data_access.reference import fiscal_year_end, fiscal_year_start
from data_access.views.overview import Pace, pace, province_ranking

NATIONAL, PROVINCE = "national", "province"


class NoBriefing(LookupError):
    """No briefing for this year or province; the message is a sentence."""


@dataclass(frozen=True)
class Briefing:
    fiscal_year: int
    today: date
    summary: object  # figures.Summary of the briefing's scope
    info: object  # figures.FiscalYearInfo
    trend: pd.DataFrame  # figures.completion_trend of the scope
    progress: Pace
    ranking: pd.DataFrame  # province_ranking() of the provinces (national) or of the districts (one province)
    map_provinces: list[dict]  # every province's figures, for the map (the national Summary.provinces)
    province: str | None = None  # DOPA code; None for the whole country
    province_name_th: str | None = None
    province_name_en: str | None = None
    province_rank: int | None = None  # among all provinces

    @property
    def kind(self) -> str:
        return NATIONAL if self.province is None else PROVINCE

    @property
    def closed(self) -> bool:
        return self.today > fiscal_year_end(self.fiscal_year)  # as components.countdown.campaign_closed

    def province_name(self, lang: str) -> str | None:
        return self.province_name_en if lang == "en" else self.province_name_th


def district_rows(districts: pd.DataFrame) -> list[dict]:
    """figures.district_counts as the rows province_ranking takes (the district key stands for the code)."""
    return [{"code": row["district"], "name_th": row["name_th"], "name_en": row["name_en"], "laos": int(row["laos"]),
             "complete": int(row["complete"]), "completion_rate": float(row["completion_rate"])}
            for _, row in districts.iterrows()]


def make_briefing(fiscal_year: int, today: date, summary, info, trend: pd.DataFrame, national_provinces: list[dict],
                  province: str | None = None, districts: pd.DataFrame | None = None) -> Briefing:
    """`summary` and `trend` are of the briefing's scope; `national_provinces` is the national Summary.provinces;
    `districts` (figures.district_counts of the province) is needed for a province briefing."""
    progress = pace(trend, info.letter_date or fiscal_year_start(fiscal_year), summary.deadline,
                    summary.national.laos, summary.as_of, today, current=summary.national.complete)
    national_ranking = province_ranking(national_provinces)
    if province is None:
        return Briefing(fiscal_year, today, summary, info, trend, progress, national_ranking, national_provinces)
    mine = national_ranking[national_ranking["code"] == province]
    name_th, name_en = (mine.iloc[0]["name_th"], mine.iloc[0]["name_en"]) if len(mine) else (None, None)
    rank = int(mine.iloc[0]["rank"]) if len(mine) else None
    ranking = province_ranking(district_rows(districts if districts is not None else pd.DataFrame()))
    return Briefing(fiscal_year, today, summary, info, trend, progress, ranking, national_provinces, province,
                    name_th, name_en, rank)


def briefing_view(engine: Engine, fiscal_year: int, province: str | None, today: date) -> Briefing:
    """The briefing of the country (province None) or of one province. NoBriefing with a sentence for an unknown
    year or province, Bangkok, or a province without LAOs."""
    try:
        national = figures.summary(engine, fiscal_year, Scope.national(), today)
        info = figures.fiscal_year_info(engine, fiscal_year)
    except figures.UnknownFiscalYear:
        raise NoBriefing(f"fiscal year {fiscal_year} has no data: import its registry first") from None
    if province is None:
        trend = figures.completion_trend(engine, fiscal_year, Scope.national())
        return make_briefing(fiscal_year, today, national, info, trend, national.provinces)
    names = figures.province_names(engine)
    if province not in set(names["code"]):
        raise NoBriefing(f"there is no province with code '{province[:20]}' (a two-digit DOPA code such as 50)")
    if province == BANGKOK or province not in {p["code"] for p in national.provinces}:
        raise NoBriefing(f"province {province} has no LAOs in fiscal year {fiscal_year}, so there is no briefing")
    scope = Scope.of(province)
    summary = figures.summary(engine, fiscal_year, scope, today)
    trend = figures.completion_trend(engine, fiscal_year, scope)
    districts = figures.district_counts(engine, fiscal_year, scope)
    return make_briefing(fiscal_year, today, summary, info, trend, national.provinces, province, districts)
