"""The meeting briefing as a PDF (DOMAIN.md §10): one A4 landscape page, built on the server.

The figures are `data_access.figures.summary` (what `python -m data_access summary` prints), the charts are the
overview's own plotly figures drawn as SVG by Kaleido (reports/figures_export.py), and WeasyPrint lays out the page
with the OFL Sarabun fonts embedded (Pango/HarfBuzz shape the Thai). A PDF is built once per (database, fiscal
year, province, language, digits, day, data version) and then shared by every caller of this process.
"""

from __future__ import annotations

import base64
import html
import logging
import threading
from collections import OrderedDict
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from components import briefing as content
from components.i18n import digits, format_date, t
from components.countdown import as_of_text, deadline_text
from components.trend import needed_text, pace_text
from components.view import follow_digits
from data_access import figures
from reports.errors import ReportError
from reports.figures_export import RenderError, for_print, font_files, shared_renderer, warm_up

log = logging.getLogger(__name__)

MAX_BUILT = 64
# Chart sizes in CSS pixels, drawn at the widths the page gives them (mm below): text keeps a readable size.
MAP_PX = (430, 610)
DOMAINS_PX = (560, None)  # None: as tall as the figure makes itself for DOMAIN_BAR_PX per domain
DOMAIN_BAR_PX = 36
PACE_PX = (560, 250)

_built: OrderedDict[tuple, bytes] = OrderedDict()
_built_lock = threading.Lock()
_building: dict[tuple, threading.Lock] = {}


def write_briefing(engine: Engine, fiscal_year: int, province: str | None, lang: str, today: date,
                   out_path: Path) -> None:
    """`python -m reports briefing`: the PDF to `out_path`. Raises ReportError for an unknown year or province."""
    out_path.write_bytes(briefing_pdf(engine, fiscal_year, province, lang, today))


def briefing_pdf(engine: Engine, fiscal_year: int, province: str | None, lang: str, today: date,
                 thai_digits: bool = False) -> bytes:
    """The PDF, built once per key and shared. A PDF whose charts could not be drawn is not kept: the next call
    tries again."""
    key = (str(engine.url), fiscal_year, province, lang, thai_digits, today, figures.data_version(engine))
    with _built_lock:
        if key in _built:
            _built.move_to_end(key)
            return _built[key]
        building = _building.setdefault(key, threading.Lock())
    with building:  # a second caller for the same key waits for the first one's PDF
        with _built_lock:
            if key in _built:
                return _built[key]
        pdf, complete = build_briefing(engine, fiscal_year, province, lang, today, thai_digits)
        with _built_lock:
            if complete:
                _built[key] = pdf
                while len(_built) > MAX_BUILT:
                    _built.popitem(last=False)
            _building.pop(key, None)
    return pdf


def read_briefing(engine: Engine, fiscal_year: int, province: str | None, today: date) -> content.Briefing:
    """The briefing's view (data_access/views/briefing.py), uncached. ReportError with a sentence for an unknown
    year or province."""
    from data_access.views.briefing import NoBriefing, briefing_view

    try:
        return briefing_view(engine, fiscal_year, province, today)
    except NoBriefing as exc:
        raise ReportError(str(exc)) from None


def build_briefing(engine: Engine, fiscal_year: int, province: str | None, lang: str, today: date,
                   thai_digits: bool = False) -> tuple[bytes, bool]:
    """(PDF bytes, whether the charts are in it)."""
    # Read first: a process that exits on an unknown year while Chromium is still starting gets the browser's
    # broken-pipe traceback on its stderr. Chromium then starts while WeasyPrint loads.
    briefing = read_briefing(engine, fiscal_year, province, today)
    warm_up()
    import weasyprint

    charts, problem = _charts(briefing, lang, thai_digits)
    page = briefing_html(briefing, charts, lang, thai_digits, problem)
    return weasyprint.HTML(string=page, base_url=str(Path.cwd())).write_pdf(), problem is None


def _charts(briefing: content.Briefing, lang: str, thai_digits: bool) -> tuple[dict[str, bytes], str | None]:
    """{"map", "domains", "pace": SVG bytes} and None, or what is there and why the rest is not."""
    import geo

    wanted = {
        "domains": for_print(content.domains_figure(briefing, lang, thai_digits, bar_height=DOMAIN_BAR_PX), *DOMAINS_PX),
        "pace": for_print(content.pace_chart(briefing, lang, thai_digits, height=PACE_PX[1]), *PACE_PX),
    }
    problem = None
    shapes = geo.province_shapes()
    if shapes is None:
        problem = geo.unavailable_reason() or "no map geometry"
        log.warning("briefing map: %s", problem)
    else:
        wanted["map"] = for_print(content.map_figure(briefing, shapes, lang, height=MAP_PX[1]), *MAP_PX)
    try:
        drawn = shared_renderer().svgs(list(wanted.values()))
    except RenderError as exc:
        log.warning("briefing charts: %s", exc)
        return {}, str(exc)
    return dict(zip(wanted, drawn)), problem


def _svg(svg: bytes | None, css_class: str, alt: str) -> str:
    if svg is None:
        return ""
    data = base64.b64encode(svg).decode("ascii")
    return f'<img class="{css_class}" alt="{html.escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def _ranking_table(briefing: content.Briefing, lang: str, thai_digits: bool) -> str:
    e = html.escape
    n = lambda value: digits(f"{value:,}", thai_digits)  # noqa: E731
    pct = lambda rate: digits(f"{rate * 100:.1f}", thai_digits)  # noqa: E731
    name = "name_en" if lang == "en" else "name_th"
    unit = t("province" if briefing.kind == content.NATIONAL else "br_district", lang)
    blocks = []
    for group, rows in content.ranking_groups(briefing.ranking):
        body = "".join(
            f"<tr><td class='num'>{n(int(row['rank']))}</td><td class='name'>{e(str(row[name]))}</td>"
            f"<td class='num'>{pct(row['completion_rate'])}</td>"
            f"<td class='num'>{n(int(row['complete']))}/{n(int(row['laos']))}</td></tr>"
            for _, row in rows.iterrows())
        blocks.append(
            f"<h2>{e(content.group_title(briefing, group, lang, thai_digits))}</h2>"
            f"<table class='ranking {group}'><thead><tr><th class='num'>{e(t('rank', lang))}</th><th>{e(unit)}</th>"
            f"<th class='num'>{e(t('br_col_rate', lang))}</th><th class='num'>{e(t('br_col_counts', lang))}</th>"
            f"</tr></thead><tbody>{body}</tbody></table>")
    return "".join(blocks)


def _letter(info, lang: str, thai_digits: bool) -> str:
    if not info.letter_ref:
        return t("ov_no_letter", lang)
    ref = follow_digits(info.letter_ref, thai_digits)
    if info.letter_date is None:
        return t("ov_letter", lang, ref=ref)
    return t("ov_letter_dated", lang, ref=ref, date=format_date(info.letter_date, lang, thai_digits))


def briefing_html(briefing: content.Briefing, charts: dict[str, bytes], lang: str, thai_digits: bool = False,
                  problem: str | None = None) -> str:
    """The page. Every value is escaped: names come from the database. `problem`: why charts are missing (logged,
    never printed: it may name a server path)."""
    e = html.escape
    summary = briefing.summary
    letter = _letter(briefing.info, lang, thai_digits)
    as_of = as_of_text(summary.as_of, lang, thai_digits, final=briefing.closed)
    kpi_boxes = "".join(
        f"<div class='kpi'><div class='label'>{e(k.label)}</div><div class='value'>{e(k.value)}</div>"
        f"<div class='note'>{e(k.note or '')}</div></div>"
        for k in content.briefing_kpis(briefing, lang, thai_digits))
    needed = needed_text(briefing.progress, lang, thai_digits)
    missing = f"<p class='missing'>{e(t('br_charts_missing', lang))}</p>" if problem else ""
    footer = " · ".join([as_of, letter, t("br_made_on", lang, date=format_date(briefing.today, lang, thai_digits)),
                         "INFO Oversight"])
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{e(content.title(briefing, lang, thai_digits))}</title>
<style>{_css(lang)}</style></head><body>
<footer>{e(footer)}</footer>
<header>
  <div class="titles">
    <h1>{e(content.title(briefing, lang, thai_digits))}</h1>
    <p>{e(deadline_text(summary.deadline, lang, thai_digits))} · {e(letter)}</p>
  </div>
  <div class="countdown"><div class="days">{e(content.headline(briefing, lang, thai_digits))}</div>
    <div class="asof">{e(as_of)}</div></div>
</header>
<section class="kpis">{kpi_boxes}</section>
{missing}
<main>
  <section class="map"><h2>{e(t('ov_map_title', lang))}</h2>{_svg(charts.get('map'), 'map', t('ov_map_title', lang))}
  </section>
  <section class="rankings">{_ranking_table(briefing, lang, thai_digits)}</section>
  <section class="charts">
    <h2>{e(t('ov_by_domain', lang))}</h2>{_svg(charts.get('domains'), 'domains', t('ov_by_domain', lang))}
    <h2>{e(t('ov_trend_title', lang))}</h2>
    <p class="pace">{e(pace_text(briefing.progress, lang, thai_digits))}{f'<br>{e(needed)}' if needed else ''}</p>
    {_svg(charts.get('pace'), 'pace', t('ov_trend_title', lang))}
  </section>
</main>
</body></html>"""


def _css(lang: str) -> str:
    fonts = font_files()
    return f"""
@font-face {{ font-family: Sarabun; src: url('{fonts['regular'].as_uri()}'); }}
@font-face {{ font-family: Sarabun; font-weight: bold; src: url('{fonts['bold'].as_uri()}'); }}
@page {{
  size: A4 landscape; margin: 8mm 9mm 11mm 9mm;
  @bottom-left {{ content: element(footer); vertical-align: top; }}
  @bottom-right {{ content: "{t('br_page', lang)} " counter(page) "/" counter(pages); font: 7.5pt Sarabun;
                   color: #555; vertical-align: top; }}
}}
* {{ box-sizing: border-box; }}
html {{ font-family: Sarabun; font-size: 9pt; color: #111; line-height: 1.25; }}
body {{ margin: 0; }}
footer {{ position: running(footer); font-size: 7.5pt; color: #555; }}
h1 {{ font-size: 15pt; margin: 0; line-height: 1.2; }}
h2 {{ font-size: 9.5pt; margin: 0 0 1mm 0; }}
header {{ display: flex; justify-content: space-between; align-items: flex-start; }}
header p {{ margin: 0.5mm 0 0 0; color: #333; }}
.countdown {{ text-align: right; border: 0.4mm solid #0072B2; border-radius: 2mm; padding: 1mm 3mm; }}
.countdown .days {{ font-size: 17pt; font-weight: bold; color: #0072B2; line-height: 1.15; }}
.countdown .asof {{ font-size: 8pt; color: #333; }}
.kpis {{ display: flex; gap: 2.5mm; margin: 2.5mm 0; }}
.kpi {{ flex: 1; border: 0.3mm solid #bbb; border-radius: 1.5mm; padding: 1mm 2.5mm; }}
.kpi .label {{ font-size: 8pt; color: #444; }}
.kpi .value {{ font-size: 15pt; font-weight: bold; line-height: 1.15; }}
.kpi .note {{ font-size: 8pt; color: #444; min-height: 3mm; }}
.missing {{ margin: 0 0 2mm 0; padding: 1mm 2mm; background: #fff3cd; border: 0.3mm solid #e0b000; }}
main {{ display: flex; gap: 4mm; }}
.map {{ width: 76mm; }}
.map img {{ width: 76mm; }}
.rankings {{ width: 84mm; }}
.charts {{ flex: 1; }}
.charts img.domains {{ width: 100%; margin-bottom: 1.5mm; }}
.charts img.pace {{ width: 100%; }}
.pace {{ margin: 0 0 1mm 0; }}
table.ranking {{ width: 100%; border-collapse: collapse; margin-bottom: 2.5mm; font-size: 8.5pt; }}
table.ranking th {{ text-align: left; font-size: 7.5pt; color: #444; border-bottom: 0.3mm solid #888; }}
table.ranking td {{ padding: 0.15mm 1mm; border-bottom: 0.15mm solid #ddd; line-height: 1.2; }}
table.ranking .num {{ text-align: right; white-space: nowrap; }}
table.ranking td.name {{ width: 55%; }}
table.ranking.top td:first-child {{ border-left: 1mm solid #0072B2; }}
table.ranking.bottom td:first-child {{ border-left: 1mm solid #D55E00; }}
"""
