"""The meeting briefing: what the projector page and the PDF both show, from the same figures and the same figure
builders as the overview (countdown, KPIs, map, best and worst 10, domains, pace), drawn from the briefing's view
(data_access/views/briefing.py). Pure: no Streamlit, no SQL.

National: the provinces are ranked. For one province (`province`): its districts are ranked, the map marks it
among the others, and its rank among all provinces is given. Only aggregates: fine for every reader (DOMAIN.md §9).
"""


import pandas as pd
import plotly.graph_objects as go

from components import province_map
from components.countdown import countdown_text
from components.i18n import digits, format_number, t
from components.kpis import Kpi, kpis
from components.rankings import domain_figure
from components.trend import pace_figure
from data_access.views.briefing import NATIONAL, PROVINCE, Briefing, district_rows, make_briefing  # noqa: F401



def ranking_groups(ranking: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """[("top", best 10), ("bottom", worst 10)] when there are more than 20 rows, else [("all", every row)]."""
    if (ranking["group"] == "top").any():
        return [("top", ranking[ranking["group"] == "top"]), ("bottom", ranking[ranking["group"] == "bottom"])]
    return [("all", ranking)]


def group_title(briefing: Briefing, group: str, lang: str, thai_digits: bool = False) -> str:
    if briefing.kind == NATIONAL:
        key = {"top": "ov_top10", "bottom": "ov_bottom10", "all": "br_all_provinces"}[group]
    else:
        key = {"top": "br_top10_districts", "bottom": "br_bottom10_districts", "all": "br_all_districts"}[group]
    return t(key, lang, n=format_number(len(briefing.ranking), thai_digits))


def title(briefing: Briefing, lang: str, thai_digits: bool = False) -> str:
    """Plain text: a name from the database goes through plain() (Markdown) or html.escape (PDF) by the caller."""
    fy = digits(str(briefing.fiscal_year), thai_digits)
    if briefing.kind == NATIONAL:
        return t("br_title_national", lang, fy=fy)
    return t("br_title_province", lang, fy=fy, name=briefing.province_name(lang) or briefing.province)


def headline(briefing: Briefing, lang: str, thai_digits: bool = False) -> str:
    """`เหลือเวลาอีก 16 วัน`, `วันสุดท้าย`, `เลยกำหนด 5 วัน`, or `ปิดรับข้อมูลแล้ว` once the fiscal year is over."""
    if briefing.closed:
        return t("closed", lang)
    return countdown_text(briefing.summary.days_left, lang, thai_digits)


def briefing_kpis(briefing: Briefing, lang: str, thai_digits: bool = False) -> list[Kpi]:
    """The overview's KPIs of the scope and, for a province, its rank among all provinces."""
    items = kpis(briefing.summary.national, lang, thai_digits)
    if briefing.province_rank is not None:
        items.append(Kpi("rank", t("rank", lang), format_number(briefing.province_rank, thai_digits),
                         t("br_rank_of", lang, n=format_number(len(briefing.map_provinces), thai_digits))))
    return items


def map_figure(briefing: Briefing, shapes: dict, lang: str, height: int, layer_url: str | None = None) -> go.Figure:
    return province_map.national_map(pd.DataFrame(briefing.map_provinces), shapes, lang, height=height,
                                     layer_url=layer_url, highlight=briefing.province)


def domains_figure(briefing: Briefing, lang: str, thai_digits: bool = False, bar_height: int = 46) -> go.Figure:
    names_en = {code: name_en for code, _, name_en in briefing.info.domains}
    return domain_figure(briefing.summary.domains, names_en, lang, thai_digits, bar_height=bar_height)


PACE_TICK_LABELS_PX = 30  # the room the date ticks take under the plot


def pace_chart(briefing: Briefing, lang: str, thai_digits: bool = False, height: int = 340) -> go.Figure:
    """The overview's pace figure; at a briefing's smaller height its legend moves down clear of the date ticks
    (the overview places it at a fraction of the plot's height)."""
    figure = pace_figure(briefing.trend, briefing.progress, lang, thai_digits, height=height)
    figure.update_layout(legend_y=-PACE_TICK_LABELS_PX / max(1, height - 80))
    return figure

