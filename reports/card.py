"""The status card: where a province (or the country) stands this morning, as a 1080-px-wide PNG for a LINE group
on a phone. `python -m reports card`, the province page's share button and the daily digest all make it here.

The numbers are one `data_access.figures.standing.Standing` (held equal to `summary` by the tests); `card_lines` words them
(Thai digits and Buddhist-Era dates by default), `card_html` lays them out with the OFL Sarabun fonts, and the
system Chromium draws the page (reports/screenshot.py): HarfBuzz shapes the Thai, so marks stack as in the PDF.
Every value from the database is escaped and cut to one line: a name is text, never markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlencode

from components.countdown import as_of_text, campaign_closed
from components.i18n import digits, format_date, format_number, format_pct, t, td
from components.links import countdown
from components.safe_text import one_line
from data_access.figures.standing import Standing

WIDTH = 1080
NAME_LIMIT = 60  # a province or district name longer than any real one is cut with "…"


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class CardLines:
    """Everything the card says, as text: what a test reads back instead of OCR."""

    title: str
    place: str
    days_label: str
    days: str
    until: str
    kpis: tuple[Row, ...]
    lagging_title: str
    lagging: tuple[Row, ...]
    todo_title: str
    reasons: tuple[Row, ...]
    levels: str
    as_of: str
    link: str

    def text(self) -> list[str]:
        rows = [*self.kpis, *self.lagging, *self.reasons]
        return [self.title, self.place, self.days_label, self.days, self.until, self.lagging_title, self.todo_title,
                *(part for row in rows for part in (row.label, row.value, row.note) if part),
                *(x for x in (self.levels, self.as_of, self.link) if x)]


def page_link(base_url: str, standing: Standing, lang: str = "th") -> str:
    """The province page (the overview for the country) of the card's fiscal year: a link to paste into LINE."""
    params = {"fy": str(standing.fiscal_year)}
    if lang != "th":
        params["lang"] = lang
    if standing.national:
        return f"{base_url}/?{urlencode(params)}"
    return f"{base_url}/province?{urlencode({'province': standing.province_code, **params})}"


def card_lines(standing: Standing, base_url: str, lang: str = "th", thai_digits: bool = True) -> CardLines:
    s = standing

    def t(key: str, lang: str, **values) -> str:  # the templates' own digits ("8 ด้าน") follow the numbers'
        return td(key, lang, thai_digits, **values)

    num = lambda n: format_number(n, thai_digits)  # noqa: E731
    day = lambda d: format_date(d, lang, thai_digits)  # noqa: E731
    name = one_line(s.name_en if lang == "en" else s.name_th, NAME_LIMIT)
    place = t("card_national", lang) if s.national else t("card_province", lang, name=name)
    closed = campaign_closed(s.fiscal_year, s.today)
    days_label = t("card_days_left", lang) if s.days_left > 0 and not closed else t("deadline", lang)

    rate_note = t("card_complete_of", lang, complete=num(s.complete), laos=num(s.laos))
    if s.previous is not None:
        delta = (s.completion_rate - s.previous.completion_rate) * 100
        shown = "±0.0" if round(delta, 1) == 0 else f"{delta:+.1f}"
        rate_note += " · " + t("card_change_pp", lang, delta=digits(shown, thai_digits),
                               date=format_date(s.previous.as_of, lang, thai_digits, short=True))
    kpis = [Row(t("card_complete_share", lang), format_pct(s.completion_rate, thai_digits), rate_note)]
    if not s.national and s.rank is not None:
        kpis.append(Row(t("card_rank", lang), f"{num(s.rank)}/{num(s.provinces_ranked)}",
                        _rank_change(s, lang, thai_digits)))

    group_name = "name_en" if lang == "en" else "name_th"
    lagging = tuple(Row(f"{digits(str(i), thai_digits)}. {one_line(getattr(g, group_name), NAME_LIMIT)}",
                        format_pct(g.completion_rate, thai_digits),
                        t("card_group_counts", lang, complete=num(g.complete), laos=num(g.laos)))
                    for i, g in enumerate(s.lagging, start=1))
    todo_title = (t("card_not_complete", lang, n=num(s.not_complete)) if s.not_complete
                  else t("card_all_complete", lang))
    reasons = tuple(Row(t(f"card_reason_{reason}", lang), t("card_laos_unit", lang, n=num(n)))
                    for reason, n in s.reasons[:3])
    levels = "" if not s.levels or not s.not_complete else t(
        "card_levels", lang, **{level: num(n) for level, n in s.levels.items()})
    return CardLines(
        title=t("card_title", lang, fy=digits(str(s.fiscal_year), thai_digits)), place=place,
        days_label=days_label, days=countdown(s.days_left, lang, thai_digits, closed),
        until=t("card_until", lang, date=day(s.deadline)), kpis=tuple(kpis),
        lagging_title=t("card_lagging_provinces" if s.national else "card_lagging_districts", lang),
        lagging=lagging, todo_title=todo_title, reasons=reasons, levels=levels,
        as_of=as_of_text(s.as_of, lang, thai_digits, final=closed), link=page_link(base_url, s, lang))


def _rank_change(s: Standing, lang: str, thai_digits: bool) -> str:
    if s.previous is None or s.previous.rank is None:
        return digits(t("card_no_change", lang), thai_digits)
    moved = s.previous.rank - s.rank  # a smaller rank is better
    if moved > 0:
        return t("card_rank_up", lang, n=format_number(moved, thai_digits))
    if moved < 0:
        return t("card_rank_down", lang, n=format_number(-moved, thai_digits))
    return t("card_rank_same", lang)


def card_html(lines: CardLines, lang: str = "th") -> str:
    """The card as one self-contained page, every value escaped."""
    from reports.figures_export import font_face_css

    e = html.escape

    def rows(items: tuple[Row, ...], css: str) -> str:
        return "".join(f"<div class='{css}'><span class='label'>{e(r.label)}</span>"
                       f"<span class='value'>{e(r.value)}</span>"
                       + (f"<span class='note'>{e(r.note)}</span>" if r.note else "") + "</div>" for r in items)

    kpis = "".join(f"<div class='kpi'><div class='label'>{e(r.label)}</div><div class='value'>{e(r.value)}</div>"
                   f"<div class='note'>{e(r.note)}</div></div>" for r in lines.kpis)
    lagging = (f"<section><h2>{e(lines.lagging_title)}</h2>{rows(lines.lagging, 'group')}</section>"
               if lines.lagging else "")
    reasons = rows(lines.reasons, "reason")
    levels = f"<p class='levels'>{e(lines.levels)}</p>" if lines.levels else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{e(lines.place)}</title><style>
{font_face_css()}
* {{ box-sizing: border-box; margin: 0; }}
html {{ font-family: Sarabun; color: #111; background: #fff; font-size: 34px; line-height: 1.3; }}
body {{ width: {WIDTH}px; padding: 0 0 36px 0; }}
header {{ background: #0b4f8a; color: #fff; padding: 40px 56px 36px 56px; }}
header .title {{ font-size: 32px; opacity: 0.92; }}
header h1 {{ font-size: 68px; line-height: 1.2; margin-top: 6px; }}
.one {{ white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.countdown {{ display: flex; align-items: baseline; gap: 24px; padding: 30px 56px 8px 56px; }}
.countdown .label {{ font-size: 36px; color: #333; }}
.countdown .days {{ font-size: 84px; font-weight: bold; color: #0b4f8a; line-height: 1.1; }}
.countdown .until {{ font-size: 34px; color: #333; }}
.kpis {{ display: flex; gap: 24px; padding: 18px 56px 8px 56px; }}
.kpi {{ flex: 1; border: 3px solid #c8d3e0; border-radius: 18px; padding: 16px 24px; min-width: 0; }}
.kpi .label {{ font-size: 30px; color: #444; }}
.kpi .value {{ font-size: 72px; font-weight: bold; line-height: 1.15; }}
.kpi .note {{ font-size: 28px; color: #333; }}
section {{ padding: 22px 56px 0 56px; }}
h2 {{ font-size: 38px; margin-bottom: 8px; border-bottom: 3px solid #d55e00; padding-bottom: 4px; }}
.group, .reason {{ display: flex; gap: 18px; align-items: baseline; padding: 6px 0; border-bottom: 1px solid #ddd; }}
.group .label, .reason .label {{ flex: 1; min-width: 0; white-space: nowrap; overflow: hidden;
                                 text-overflow: ellipsis; }}
.group .value {{ font-weight: bold; width: 150px; text-align: right; }}
.group .note {{ width: 300px; text-align: right; color: #444; font-size: 30px; }}
.reason .value {{ font-weight: bold; text-align: right; }}
.levels {{ font-size: 30px; color: #333; margin-top: 10px; }}
footer {{ padding: 26px 56px 0 56px; font-size: 28px; color: #333; }}
footer .link {{ color: #0b4f8a; overflow-wrap: anywhere; }}
</style></head><body>
<header><div class="title one">{e(lines.title)}</div><h1 class="one">{e(lines.place)}</h1></header>
<div class="countdown"><span class="label">{e(lines.days_label)}</span><span class="days">{e(lines.days)}</span>
<span class="until">{e(lines.until)}</span></div>
<div class="kpis">{kpis}</div>
{lagging}
<section><h2>{e(lines.todo_title)}</h2>{reasons}{levels}</section>
<footer><div>{e(lines.as_of)} · INFO Oversight</div><div class="link">{e(lines.link)}</div></footer>
</body></html>"""


def card_png(standing: Standing, base_url: str, lang: str = "th", thai_digits: bool = True) -> bytes:
    """The card as PNG bytes, 1080 px wide. Raises reports.figures_export.RenderError when Chromium cannot draw."""
    from reports import screenshot

    return screenshot.png(card_html(card_lines(standing, base_url, lang, thai_digits), lang), width=WIDTH)


def card_file_name(standing: Standing) -> str:
    """`INFO_2570_เชียงใหม่_2569-12-06.png` (the as-of day in BE, or today's when there is no data yet)."""
    day = standing.as_of or standing.today
    place = t("ad_digest_national", "th") if standing.national else one_line(standing.name_th, NAME_LIMIT).replace(" ", "_")
    place = "".join(ch for ch in place if ch not in '\\/:*?"<>|')
    return f"INFO_{standing.fiscal_year}_{place}_{day.year + 543}-{day.month:02d}-{day.day:02d}.png"


def write_card(engine, fiscal_year: int, province: str | None, lang: str, thai_digits: bool, today,
               out_path) -> None:
    """`python -m reports card`: ReportError with a sentence for an unknown year or province, or no Chromium."""
    from data_access import config
    from data_access.access.scope import Scope
    from data_access.figures.standing import NoStanding, standing
    from reports.errors import ReportError
    from reports.figures_export import RenderError

    try:
        # The operator's command on the server, as `summary` is: the whole country's scope.
        place = standing(engine, fiscal_year, Scope.national(), province, today)
        png = card_png(place, config.settings().info_public_url, lang, thai_digits)
    except NoStanding as exc:
        raise ReportError(str(exc)) from None
    except RenderError as exc:
        raise ReportError(f"the card could not be drawn: {exc}") from None
    out_path.write_bytes(png)
