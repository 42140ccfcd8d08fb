"""Progress over time against the straight pace needed to finish by the deadline, and where the recent pace lands.

A small plotly figure (`pace_figure`) and its sentences; the arithmetic (`pace`) is the overview's view
(data_access/views/overview.py).
"""

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from components.i18n import digits, format_date, format_number, format_pct, t
from data_access.views.overview import RECENT_WINDOW_DAYS, Pace, complete_on, pace  # noqa: F401  (the pace is the view's)

ACTUAL_COLOUR = "#0072B2"  # Okabe-Ito blue
NEEDED_COLOUR = "#555555"
PROJECTION_COLOUR = "#D55E00"  # Okabe-Ito vermilion


def pace_text(p: Pace, lang: str = "th", thai_digits: bool = False) -> str:
    """One sentence: where the recent pace lands on the deadline, or the final figure."""
    if p.as_of is None:
        return t("no_snapshot", lang)
    pct = format_pct(p.projected_rate, thai_digits)
    if p.final:
        text = t("ov_final", lang, date=format_date(p.deadline, lang, thai_digits), pct=pct,
                 n=format_number(p.projected, thai_digits), total=format_number(p.total, thai_digits))
        if p.as_of > p.deadline and p.current != p.projected:
            latest = format_pct(p.current / p.total if p.total else 0.0, thai_digits)
            text += " · " + t("ov_final_latest", lang, date=format_date(p.as_of, lang, thai_digits), pct=latest)
        return text
    rate = digits(f"{p.per_day:,.1f}", thai_digits)
    verdict = t("ov_on_track" if p.on_track else "ov_off_track", lang)
    return t("ov_projection", lang, pct=pct, rate=rate, window=format_number(p.window_days, thai_digits),
             verdict=verdict)


def needed_text(p: Pace, lang: str = "th", thai_digits: bool = False) -> str | None:
    if p.final or p.needed_per_day is None:
        return None
    return t("ov_needed", lang, rate=digits(f"{p.needed_per_day:,.1f}", thai_digits))


def _ticks(start: date, end: date, lang: str, thai_digits: bool, n: int = 5) -> tuple[list[str], list[str]]:
    span = max(1, (end - start).days)
    days = sorted({start + timedelta(days=round(span * i / (n - 1))) for i in range(n)})
    return [d.isoformat() for d in days], [format_date(d, lang, thai_digits, short=True) for d in days]


def pace_figure(trend: pd.DataFrame, p: Pace, lang: str = "th", thai_digits: bool = False,
                height: int = 340) -> go.Figure:
    """Complete LAOs by day (step line), the straight pace needed from `start` to all LAOs on the deadline
    (dashed), and the recent pace extended to the deadline (dotted). Small: two points per straight line."""
    shown = trend[trend["day"] >= p.start] if not trend.empty else trend
    days = [p.start.isoformat()] + [d.isoformat() for d in shown["day"]]
    values = [0] + [int(v) for v in shown["complete"]]
    if p.as_of is not None and (not len(shown) or shown["day"].iloc[-1] < p.as_of):
        days.append(p.as_of.isoformat())
        values.append(p.current)
    figure = go.Figure()
    figure.add_trace(go.Scatter(
        x=[p.start.isoformat(), p.deadline.isoformat()], y=[0, p.total], mode="lines",
        name=t("ov_trend_needed", lang), line=dict(color=NEEDED_COLOUR, dash="dash", width=2),
        hoverinfo="skip",
    ))
    if p.as_of is not None:
        figure.add_trace(go.Scatter(
            x=days, y=values, mode="lines", line_shape="hv", name=t("ov_trend_actual", lang),
            line=dict(color=ACTUAL_COLOUR, width=3), hovertemplate="%{y:,}<extra></extra>",
        ))
    if p.as_of is not None and not p.final:
        figure.add_trace(go.Scatter(
            x=[p.as_of.isoformat(), p.deadline.isoformat()], y=[p.current, p.projected], mode="lines+markers",
            name=t("ov_trend_projection", lang), line=dict(color=PROJECTION_COLOUR, dash="dot", width=2),
            marker=dict(symbol=["circle", "diamond"], size=[6, 10]), hovertemplate="%{y:,}<extra></extra>",
        ))
    end = max(p.deadline, p.as_of or p.deadline)
    tick_days, tick_text = _ticks(p.start, end, lang, thai_digits)
    y_values = [round(p.total * f) for f in (0, 0.25, 0.5, 0.75, 1)]
    figure.add_vline(x=p.deadline.isoformat(), line=dict(color=NEEDED_COLOUR, width=1, dash="dot"))
    figure.add_annotation(x=p.deadline.isoformat(), y=1, yref="paper", xanchor="right", yanchor="bottom",
                          showarrow=False,
                          text=t("deadline", lang), font=dict(size=11))
    figure.update_layout(
        height=height, margin=dict(l=0, r=10, t=24, b=0), hovermode="x unified",
        template="none",  # st.plotly_chart applies the Streamlit theme; plotly's would weigh ~7 KB
        legend=dict(orientation="h", x=0, y=-0.12, xanchor="left", yanchor="top"),
        xaxis=dict(tickvals=tick_days, ticktext=tick_text, range=[p.start.isoformat(), end.isoformat()]),
        yaxis=dict(range=[0, p.total * 1.08 if p.total else 1], tickvals=y_values,
                   ticktext=[format_number(v, thai_digits) for v in y_values]),
    )
    return figure
