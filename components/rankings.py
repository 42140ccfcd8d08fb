"""Rankings of a Summary: provinces by completion rate (top and bottom marked), LAO types, and domains by status.

Status and rank groups are never told by colour alone: every mark has a symbol or text, every bar a pattern.
"""

from urllib.parse import quote, urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.i18n import digits, format_number, format_pct, t
from components.safe_text import plain, plotly_text
from data_access.reference import LAO_TYPE_BY_LABEL
from data_access.views.overview import TOP_N, province_ranking, with_context  # noqa: F401  (the view's)

TOP_MARK, BOTTOM_MARK = "▲", "▼"

# Colour-blind-safe (Okabe-Ito) and patterned, best status first.
STATUSES = ("certified", "updated", "recorded", "not_started")
STATUS_COLOUR = {"certified": "#0072B2", "updated": "#56B4E9", "recorded": "#E69F00", "not_started": "#DDDDDD"}
STATUS_PATTERN = {"certified": "", "updated": "/", "recorded": ".", "not_started": "x"}
STATUS_TEXT_COLOUR = {"certified": "white", "updated": "black", "recorded": "black", "not_started": "black"}


def province_query(code: str, fiscal_year: int, lang: str, thai_digits: bool) -> dict[str, str]:
    """Query parameters that open the province page in the same view."""
    return {"province": code, "fy": str(fiscal_year), "lang": lang, "digits": "1" if thai_digits else "0"}


def province_url(code: str, fiscal_year: int, lang: str, thai_digits: bool, base_url_path: str = "") -> str:
    """`/province?province=50&fy=2566&lang=th&digits=0`, under the server's base URL path if any."""
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    return f"{prefix}/province?{urlencode(province_query(code, fiscal_year, lang, thai_digits), quote_via=quote)}"


def ranking_links(ranking: pd.DataFrame, group: str, lang: str, thai_digits: bool) -> tuple[tuple[str, str], ...]:
    """(label, code) of the provinces of `group` ("top" / "bottom"), in rank order: the overview's link lists."""
    return tuple((ranking_label(row, lang, thai_digits), row["code"])
                 for _, row in ranking[ranking["group"] == group].iterrows())


def year_over_year_text(rate: float, rate_then: float | None, lang: str, thai_digits: bool) -> str:
    """"▲ +5.2 (ปีก่อน 40.1%)": this year's completion against the previous year's at the same days before the
    deadline, the arrow and the sign both saying which way."""
    if rate_then is None or pd.isna(rate_then):
        return ""
    change = (rate - rate_then) * 100
    arrow = TOP_MARK if change > 0.05 else BOTTOM_MARK if change < -0.05 else "="
    return digits(f"{arrow} {change:+.1f} ({t('yoy_then', lang)} {rate_then * 100:.1f}%)", thai_digits)


def ranking_label(row, lang: str = "th", thai_digits: bool = False) -> str:
    """`3. เชียงใหม่ — 92.3% (195/211)` for a row of province_ranking: a page_link label, so Markdown (the name
    goes through plain())."""
    name = plain(row["name_en"] if lang == "en" else row["name_th"])
    counts = digits(f"{row['complete']:,}/{row['laos']:,}", thai_digits)
    return (f"{format_number(int(row['rank']), thai_digits)}. {name} — "
            f"{format_pct(row['completion_rate'], thai_digits)} ({counts})")


def ranking_table(ranking: pd.DataFrame, fiscal_year: int, lang: str, thai_digits: bool,
                  base_url_path: str = "") -> pd.DataFrame:
    """Display columns for st.dataframe: rank, name, link (province page URL), pct, counts, mark; the
    essential ones first so they stay in view on a narrow screen."""
    marks = {"top": f"{TOP_MARK} {t('ov_top_short', lang)}", "bottom": f"{BOTTOM_MARK} {t('ov_bottom_short', lang)}",
             "": ""}
    return pd.DataFrame({
        "rank": [format_number(int(r), thai_digits) for r in ranking["rank"]] if thai_digits else ranking["rank"],
        "name": ranking["name_en" if lang == "en" else "name_th"],
        "link": [province_url(c, fiscal_year, lang, thai_digits, base_url_path) for c in ranking["code"]],
        "pct": ([format_pct(r, thai_digits) for r in ranking["completion_rate"]] if thai_digits
                else (ranking["completion_rate"] * 100).round(1)),
        "counts": [digits(f"{c:,}/{n:,}", thai_digits) for c, n in zip(ranking["complete"], ranking["laos"])],
        "mark": ranking["group"].map(marks),
        **({"yoy": [year_over_year_text(r, then, lang, thai_digits)
                    for r, then in zip(ranking["completion_rate"], ranking["rate_then"])]}
           if "rate_then" in ranking else {}),
        **({key: [format_number(int(v), thai_digits) for v in ranking[key]] for key in ("will_miss", "at_risk")}
           if "will_miss" in ranking else {}),
    })


def type_table(types: list[dict], lang: str = "th", thai_digits: bool = False) -> pd.DataFrame:
    """Summary.types sorted by completion rate, best first, as display strings: type, pct, counts
    (complete/LAOs), in_progress, not_started."""
    rows = []
    for item in types:
        rate = item["complete"] / item["laos"] if item["laos"] else 0.0
        known = LAO_TYPE_BY_LABEL.get(item["type"])
        name = known.name_en if (lang == "en" and known) else item["type"]
        rows.append({"type": name, "rate": rate, **{k: item[k] for k in ("laos", "complete", "in_progress",
                                                                         "not_started")}})
    frame = pd.DataFrame(rows, columns=["type", "rate", "laos", "complete", "in_progress", "not_started"])
    frame = frame.sort_values(["rate", "laos"], ascending=[False, False]).reset_index(drop=True)
    return pd.DataFrame({
        "type": frame["type"],
        "pct": [format_pct(r, thai_digits) for r in frame["rate"]],
        "counts": [digits(f"{c:,}/{n:,}", thai_digits) for c, n in zip(frame["complete"], frame["laos"])],
        "in_progress": [format_number(int(v), thai_digits) for v in frame["in_progress"]],
        "not_started": [format_number(int(v), thai_digits) for v in frame["not_started"]],
    })


def domain_figure(domains: list[dict], names_en: dict[int, str], lang: str = "th", thai_digits: bool = False,
                  bar_height: int = 46) -> go.Figure:
    """Horizontal 100 % stacked bars, one per domain (least certified on top), by status; each segment has
    a colour-blind-safe colour, a pattern and, where it fits, its percentage as text. Domain names sit above
    their bar so they never squeeze the bars on a narrow screen."""
    ordered = sorted(domains, key=lambda d: (d["certified"], -d["code"]))
    ids = [str(d["code"]) for d in ordered]
    totals = [sum(d[s] for s in STATUSES) or 1 for d in ordered]
    figure = go.Figure()
    for status in STATUSES:
        shares = [round(d[status] / total * 100, 1) for d, total in zip(ordered, totals)]
        figure.add_trace(go.Bar(
            y=ids, x=shares, orientation="h", name=t(f"status_{status}", lang),
            marker=dict(color=STATUS_COLOUR[status], line=dict(color="white", width=0.5),
                        pattern=dict(shape=STATUS_PATTERN[status], fgcolor="#333333" if status != "certified"
                                     else "white", size=6, solidity=0.25)),
            text=[digits(f"{v:.0f}%", thai_digits) if v >= 7 else "" for v in shares],
            textposition="inside", insidetextanchor="middle",
            textfont=dict(color=STATUS_TEXT_COLOUR[status], size=11,
                          shadow="none" if status == "certified" else "0 0 3px white"),
            customdata=[format_number(d[status], thai_digits) for d in ordered],
            hovertemplate="%{customdata} (%{x}%)<extra>" + t(f"status_{status}", lang) + "</extra>",
        ))
    for d, key in zip(ordered, ids):
        name = names_en.get(d["code"], d["name_th"]) if lang == "en" else d["name_th"]
        figure.add_annotation(x=0, y=key, xref="x", yref="y", xanchor="left", yanchor="bottom", yshift=11,
                              showarrow=False, text=f"{format_number(d['code'], thai_digits)}. {plotly_text(name)}",
                              font=dict(size=12))
    figure.update_layout(
        barmode="stack", height=bar_height * len(ordered) + 90, bargap=0.55,
        template="none",  # st.plotly_chart applies the Streamlit theme; plotly's would weigh ~7 KB
        margin=dict(l=0, r=0, t=18, b=0), uniformtext=dict(mode="hide", minsize=9),
        legend=dict(orientation="h", x=0, y=0, xanchor="left", yanchor="top", traceorder="normal"),
        xaxis=dict(range=[0, 100], showticklabels=False, showgrid=False, zeroline=False, fixedrange=True),
        yaxis=dict(showticklabels=False, fixedrange=True, autorange="reversed"),
        hovermode="y unified",
    )
    return figure


def render_province_table(table: pd.DataFrame, lang: str, thai_digits: bool) -> None:
    """All provinces (`ranking_table`), best first: rank and name stay pinned on a narrow screen, next to a link
    to the province page; the top and bottom ten are marked ▲ / ▼ in words. A plain table: a Styler (row tints,
    the link shown as the name) cost several times the rest of the table on every page load."""
    st.dataframe(table, hide_index=True, height=560, key="overview_provinces", column_config={
        "rank": (st.column_config.TextColumn(t("rank", lang), width=48, pinned=True, alignment="right")
                 if thai_digits else st.column_config.NumberColumn(t("rank", lang), width=48, pinned=True)),
        "name": st.column_config.TextColumn(t("province", lang), pinned=True, width=150),
        "link": st.column_config.LinkColumn("", display_text=t("ov_open_province", lang), width=64,
                                            help=t("ov_open_province_help", lang)),
        "pct": (st.column_config.TextColumn(t("completion_rate", lang), alignment="right") if thai_digits else
                st.column_config.ProgressColumn(t("completion_rate", lang), format="%.1f%%", min_value=0,
                                                max_value=100, width=130, color="blue")),
        "counts": st.column_config.TextColumn(t("ov_col_counts", lang), alignment="right"),
        "mark": st.column_config.TextColumn(t("ov_col_mark", lang)),
        "yoy": st.column_config.TextColumn(t("yoy_title", lang), help=t("yoy_help", lang)),
        "will_miss": st.column_config.TextColumn(t("risk_counts_will_miss", lang), alignment="right",
                                                 help=t("risk_help", lang)),
        "at_risk": st.column_config.TextColumn(t("risk_counts_at_risk", lang), alignment="right"),
    })


def render_type_table(table: pd.DataFrame, lang: str) -> None:
    """`type_table`'s rows."""
    right = dict(alignment="right")
    st.dataframe(table, hide_index=True, key="overview_types", column_config={
        "type": st.column_config.TextColumn(t("ov_col_type", lang), pinned=True),
        "pct": st.column_config.TextColumn(t("completion_rate", lang), **right),
        "counts": st.column_config.TextColumn(t("ov_col_counts", lang), **right),
        "in_progress": st.column_config.TextColumn(t("in_progress", lang), **right),
        "not_started": st.column_config.TextColumn(t("not_started", lang), **right),
    })
