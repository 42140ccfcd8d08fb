"""What a checked or committed browser import shows: the refusal, the problems with their CSV, or the preview (rows,
LAOs, complete before → after, LAOs newly complete per province) and the guard in words. Outside text (file names,
problems, district names) goes through plain() or into st.dataframe, never into Markdown as it is."""

import pandas as pd
import streamlit as st

from components.admin_import_flow import STATUS, Checked, Committed, Request
from components.admin_upload import MIB, problems_csv
from components.i18n import format_date, format_number, t
from components.safe_text import plain
from data_access.imports.import_guard import ImportImpact
from data_access.imports.problems import Problem


def _n(value: int, thai_digits: bool) -> str:
    return format_number(value, thai_digits)


def problem_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("ad_problem_row", lang): [t("ad_problem_file", lang) if p.row is None else str(p.row) for p in problems],
        t("ad_problem_column", lang): [p.column or "" for p in problems],
        t("ad_problem_reason", lang): [p.reason for p in problems],
    })


def render_problems(problems: list[Problem], lang: str, thai_digits: bool) -> None:
    st.error(t("ad_problems", lang, n=_n(len(problems), thai_digits)), icon=":material/rule:")
    st.dataframe(problem_table(problems, lang), hide_index=True, key="ad_problems_table")
    st.download_button(t("ad_errors_csv", lang), problems_csv(problems), file_name="import-problems.csv",
                       mime="text/csv", icon=":material/download:", key="ad_errors_csv")


def guard_sentences(impact: ImportImpact, lang: str, thai_digits: bool) -> list[str]:
    """The guard of data_access/imports/import_guard.py in words, from the impact's own numbers."""
    said = []
    if impact.complete_lost:
        said.append(t("ad_guard_lost", lang, n=_n(impact.complete_lost, thai_digits)))
    if impact.cells_regressed:
        said.append(t("ad_guard_cells", lang, cells=_n(impact.cells_regressed, thai_digits),
                      laos=_n(impact.laos_regressed, thai_digits)))
    if impact.too_few_laos:
        said.append(t("ad_guard_few", lang, covered=_n(impact.covered, thai_digits),
                      before=_n(impact.covered_before, thai_digits),
                      date=format_date(impact.baseline_as_of, lang, thai_digits)))
    return said


def newly_complete_table(impact: ImportImpact, names: pd.DataFrame, lang: str, thai_digits: bool) -> pd.DataFrame:
    column = "name_en" if lang == "en" else "name_th"
    by_code = dict(zip(names["code"], names[column]))
    return pd.DataFrame({
        t("ad_province_col", lang): [by_code.get(code, code) for code in impact.newly_complete],
        t("ad_newly_col", lang): [_n(n, thai_digits) for n in impact.newly_complete.values()],
    })


def _file_line(checked: Checked, request: Request, lang: str, thai_digits: bool) -> str:
    size = f"{checked.size / MIB:,.1f} MB" if checked.size >= MIB // 10 else f"{checked.size:,} B"
    line = t("ad_preview_file", lang, name=plain(checked.name), type=(checked.file_type or "—").upper(),
             size=size, year=request.fiscal_year)
    if request.kind == STATUS and request.as_of:
        line += t("ad_preview_as_of", lang, date=format_date(request.as_of, lang, thai_digits))
    return line


def render_checked(checked: Checked, request: Request, lang: str, thai_digits: bool, names: pd.DataFrame,
                   laos_now: int | None) -> None:
    """The outcome of "check the file". `laos_now`: LAOs in the year's registry today (None: no registry yet)."""
    st.caption(_file_line(checked, request, lang, thai_digits))
    if checked.refusal:
        st.error(checked.refusal_text(lang) + " " + t("ad_nothing_imported", lang), icon=":material/block:")
        return
    if checked.name_disagrees:
        st.info(t("ad_up_disagrees", lang, name=plain(checked.name), type=checked.file_type.upper()),
                icon=":material/info:")
    if checked.problems:
        render_problems(checked.problems, lang, thai_digits)
        return
    if checked.status is not None and checked.status.unchanged:
        key = "ad_unchanged_withdrawn" if checked.status.withdrawn else "ad_unchanged"
        st.info(t(key, lang, snapshot=checked.status.snapshot_id,
                  date=format_date(checked.status.as_of, lang, thai_digits)), icon=":material/content_copy:")
        return
    st.subheader(t("ad_preview_title", lang))
    if checked.registry is not None:
        _render_registry_preview(checked, request, lang, thai_digits, laos_now)
    else:
        _render_status_preview(checked, lang, thai_digits, names)


def _render_registry_preview(checked: Checked, request: Request, lang: str, thai_digits: bool,
                             laos_now: int | None) -> None:
    preview = checked.registry
    cols = st.columns(3)
    cols[0].metric(t("ad_rows", lang), _n(preview.rows, thai_digits))
    cols[1].metric(t("ad_registry_laos_file", lang), _n(preview.laos, thai_digits))
    cols[2].metric(t("ad_registry_laos_now", lang), "—" if laos_now is None else _n(laos_now, thai_digits))
    if laos_now is None:
        st.info(t("ad_registry_new_year", lang, year=request.fiscal_year), icon=":material/add_circle:")
    if preview.warnings:
        st.warning(t("ad_registry_warnings", lang, n=_n(len(preview.warnings), thai_digits)),
                   icon=":material/warning:")
        st.dataframe(pd.DataFrame({t("ad_problem_reason", lang): preview.warnings}), hide_index=True,
                     key="ad_registry_warnings")


def _render_status_preview(checked: Checked, lang: str, thai_digits: bool, names: pd.DataFrame) -> None:
    result, impact = checked.status, checked.status.impact
    cols = st.columns(4)
    cols[0].metric(t("ad_rows", lang), _n(result.rows, thai_digits))
    cols[1].metric(t("ad_laos_covered", lang), f"{_n(impact.covered, thai_digits)} / {_n(impact.laos, thai_digits)}")
    cols[2].metric(t("ad_complete_now", lang), _n(impact.complete_before, thai_digits))
    cols[3].metric(t("ad_complete_after", lang), _n(impact.complete_after, thai_digits),
                   delta=impact.complete_after - impact.complete_before)
    if impact.baseline_id is None:
        st.caption(t("ad_first_snapshot", lang))
    else:
        st.caption(t("ad_compared_with", lang, date=format_date(impact.baseline_as_of, lang, thai_digits)))
    if impact.newly_complete:
        st.markdown(f"**{t('ad_newly_title', lang)}**")
        st.dataframe(newly_complete_table(impact, names, lang, thai_digits), hide_index=True,
                     key="ad_newly_complete")
    else:
        st.caption(t("ad_newly_none", lang))
    if impact.regresses:
        sentences = "\n".join(f"- {s}" for s in guard_sentences(impact, lang, thai_digits))
        st.warning(f"**{t('ad_guard_title', lang)}**\n\n{sentences}\n\n{t('ad_guard_hint', lang)}",
                   icon=":material/warning:")


def render_committed(done: Committed, lang: str, thai_digits: bool) -> None:
    """What the commit did (shown on the run after it, when the figures are fresh)."""
    if done.problems:
        render_problems(done.problems, lang, thai_digits)
    elif done.refused is not None:
        st.warning(t("ad_refused_now", lang) + "\n\n" + "\n".join(
            f"- {s}" for s in guard_sentences(done.refused, lang, thai_digits)), icon=":material/warning:")
    elif done.status is not None:
        result = done.status
        if result.unchanged:
            key = "ad_unchanged_withdrawn" if result.withdrawn else "ad_unchanged"
            st.info(t(key, lang, snapshot=result.snapshot_id, date=format_date(result.as_of, lang, thai_digits)),
                    icon=":material/content_copy:")
            return
        impact = result.impact
        text = t("ad_done_status", lang, snapshot=result.snapshot_id, rows=_n(result.rows, thai_digits),
                 date=format_date(result.as_of, lang, thai_digits), before=_n(impact.complete_before, thai_digits),
                 after=_n(impact.complete_after, thai_digits))
        if impact.regresses:
            text += t("ad_done_confirmed", lang)
        st.success(text, icon=":material/task_alt:")
    else:
        result = done.registry
        if result.unchanged:
            st.info(t("ad_unchanged_registry", lang, year=result.fiscal_year), icon=":material/content_copy:")
        else:
            st.success(t("ad_done_registry", lang, year=result.fiscal_year, laos=_n(result.laos, thai_digits),
                         rows=_n(result.rows, thai_digits)), icon=":material/task_alt:")
