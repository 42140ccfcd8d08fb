"""Pieces of the LAO page: the 8 domains with status and dates, the timeline, where the LAO stands in its
province, the previous fiscal year side by side. Pure: takes the frames of data_access.figures.queries; no SQL."""

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from components.figure_cache import trusted_figure
from components.i18n import format_date, format_number, t
from components.safe_text import plotly_text
from components.status_grid import cell_label

EVENT_SYMBOLS = {"recorded": "circle-open", "updated": "square-open", "certified": "star"}
EVENT_COLOURS = {"recorded": "#E69F00", "updated": "#0072B2", "certified": "#009E73"}
EVENT_ICONS = {"recorded": "✏️", "updated": "📝", "certified": "✅"}


def domain_name(row, lang: str) -> str:
    return row.name_en if lang == "en" else row.name_th


def _day(value) -> object:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def domain_table(statuses: pd.DataFrame, lang: str, thai_digits: bool) -> pd.DataFrame:
    """ด้าน | สถานะ (icon + word) | บันทึก | ปรับปรุง | รับรอง (BE dates) | ผู้รับรอง."""
    rows = []
    for row in statuses.itertuples():
        rows.append({
            "domain": f"{row.code}. {domain_name(row, lang)}",
            "status": cell_label(int(row.status), lang),
            "recorded_at": format_date(_day(row.recorded_at), lang, thai_digits, short=True),
            "updated_at": format_date(_day(row.updated_at), lang, thai_digits, short=True),
            "certified_at": format_date(_day(row.certified_at), lang, thai_digits, short=True),
            "certified_by": row.certified_by if isinstance(row.certified_by, str) and row.certified_by else "—",
        })
    return pd.DataFrame(rows, columns=["domain", "status", "recorded_at", "updated_at", "certified_at",
                                       "certified_by"])


def date_ticks(first: date, last: date, lang: str, thai_digits: bool, count: int = 6) -> tuple[list, list]:
    """About `count` evenly spaced whole-week ticks from `first` to `last`, labelled the Thai way (`6 ส.ค. 66`)."""
    span = max((last - first).days, 1)
    step = max(7, -(-span // count // 7) * 7)
    days = [first + timedelta(days=i) for i in range(0, span + 1, step)]
    return [pd.Timestamp(d) for d in days], [format_date(d, lang, thai_digits, short=True) for d in days]


def timeline_figure(timeline: pd.DataFrame, lang: str, deadline, as_of=None, domain_codes=None,
                    thai_digits: bool = False) -> go.Figure:
    """Each dated event as a marker on its domain's row (every domain of the year gets a row, so a domain with no
    event shows as an empty row); the deadline and the data's as-of day as lines; Buddhist-Era tick labels."""
    codes = domain_codes if domain_codes is not None else sorted(timeline["domain"].unique())
    order = [t("dd_domain_n", lang, n=code) for code in codes]
    first = min(timeline["at"]).date() if len(timeline) else deadline
    last = max([d for d in (deadline, as_of, max(timeline["at"]).date() if len(timeline) else None) if d])
    # An invisible point per domain keeps every domain's row on the axis.
    traces = [dict(type="scatter", x=[pd.Timestamp(first)] * len(order), y=order, mode="markers",
                   marker=dict(opacity=0), hoverinfo="skip", showlegend=False)]
    for event in ("recorded", "updated", "certified"):
        part = timeline[timeline["event"] == event]
        names = part["name_en"] if lang == "en" else part["name_th"]
        # Hover text is HTML-like: the certifier comes from an imported file.
        hover = [f"<b>{EVENT_ICONS[event]} {t('dd_event_' + event, lang)}</b><br>{code}. {plotly_text(name)}<br>"
                 f"{format_date(at.date(), lang, thai_digits, short=True)} {at:%H:%M}"
                 + (f"<br>{plotly_text(by)}" if isinstance(by, str) and by else "")
                 for code, name, at, by in zip(part["domain"], names, part["at"], part["certified_by"])]
        traces.append(dict(
            type="scatter", x=part["at"].to_numpy(), y=[t("dd_domain_n", lang, n=code) for code in part["domain"]],
            mode="markers", name=f"{EVENT_ICONS[event]} {t('dd_event_' + event, lang)}", text=hover,
            hovertemplate="%{text}<extra></extra>",
            marker=dict(symbol=EVENT_SYMBOLS[event], size=11 if event == "certified" else 9,
                        color=EVENT_COLOURS[event], line=dict(width=1.5, color=EVENT_COLOURS[event])),
        ))
    # The deadline and as-of lines as plain layout shapes: add_vline does the same at ten times the cost.
    shapes, labels = [], []
    for day, key, dash, top in ((deadline, "deadline", "dash", True), (as_of, "data_as_of", "dot", False)):
        if day is not None:
            x = pd.Timestamp(day).timestamp() * 1000
            shapes.append(dict(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain",
                               line=dict(dash=dash, color="#555")))
            labels.append(dict(x=x, xref="x", y=1 if top else 0, yref="y domain", xanchor="right",
                               yanchor="top" if top else "bottom", showarrow=False, font=dict(size=11),
                               text=f"{t(key, lang)} {format_date(day, lang, thai_digits, short=True)}"))
    tickvals, ticktext = date_ticks(first, last, lang, thai_digits)
    layout = dict(
        shapes=shapes, annotations=labels,
        height=max(240, 30 * len(order) + 110), margin=dict(l=0, r=10, t=30, b=0),
        legend=dict(orientation="h", x=0, y=1.02, yanchor="bottom"),
        yaxis=dict(categoryorder="array", categoryarray=order, range=[len(order) - 0.5, -0.5], fixedrange=True),
        xaxis=dict(type="date", tickvals=tickvals, ticktext=ticktext,
                   range=[pd.Timestamp(first - timedelta(days=2)), pd.Timestamp(last + timedelta(days=2))]),
        hovermode="closest",
    )
    return trusted_figure(traces, layout)


def standing_figure(stand: dict, n_domains: int, lang: str, thai_digits: bool) -> go.Figure:
    """How many LAOs of the province have 0 … n domains certified; this LAO's bar marked (colour and label)."""
    xs = list(range(n_domains + 1))
    ys = [int(stand["histogram"].get(x, 0)) for x in xs]
    colours = ["#0072B2" if x == stand["certified"] else "#c7c7c7" for x in xs]
    bar = dict(type="bar", x=xs, y=ys, marker=dict(color=colours),
               hovertemplate=f"%{{x}} {t('dd_domains_unit', lang)}: %{{y}} {t('lao', lang)}<extra></extra>")
    layout = dict(
        annotations=[dict(x=stand["certified"], y=ys[stand["certified"]], text=f"▼ {t('dd_this_lao', lang)}",
                          showarrow=False, yshift=14, font=dict(size=12))],
        height=230, margin=dict(l=0, r=0, t=24, b=0), showlegend=False, bargap=0.15,
        xaxis=dict(title=dict(text=t("dd_domains_certified_axis", lang)), tickmode="linear", dtick=1,
                   fixedrange=True),
        yaxis=dict(title=dict(text=t("lao", lang)), fixedrange=True),
    )
    return trusted_figure([bar], layout)


def previous_year_table(current: pd.DataFrame, previous: pd.DataFrame, current_year: int, previous_year: int,
                        lang: str) -> pd.DataFrame:
    """Domains side by side, matched by domain code (the set of domains may change between years)."""
    left = previous.set_index("code")
    right = current.set_index("code")
    rows = []
    for code in sorted(set(left.index) | set(right.index)):
        source = right if code in right.index else left
        name = source.loc[code, "name_en"] if lang == "en" else source.loc[code, "name_th"]
        rows.append({
            "domain": f"{code}. {name}",
            str(previous_year): cell_label(int(left.loc[code, "status"]), lang) if code in left.index else "—",
            str(current_year): cell_label(int(right.loc[code, "status"]), lang) if code in right.index else "—",
        })
    return pd.DataFrame(rows, columns=["domain", str(previous_year), str(current_year)])


def certified_count_text(count: int, total: int, lang: str, thai_digits: bool) -> str:
    return f"{format_number(count, thai_digits)}/{format_number(total, thai_digits)} {t('dd_domains_unit', lang)}"
