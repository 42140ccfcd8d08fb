"""The reminder letter (หนังสือเร่งรัด) of a province's office to its LAOs, as an editable DOCX (DOMAIN.md §10,
LETTER.md): a หนังสือภายนอก on A4 with room for the ครุฑ, the office's number and letterhead, the DLA letter it
follows up, where the province stands, the deadline and days left, the governor's signature block, and on a new
page the annex: every LAO of the province that is not complete, by district, with the domains it still lacks.

`letter_bytes` is what the province page offers for download; `write_letter` is `python -m reports letter`. Both
read the uncached data_access functions; the caller decides who may ask for which province.
"""

import io
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from data_access import figures
from data_access.admin import offices
from data_access.figures import queries
from data_access.figures.export import RISK_TH
from data_access.geography import BANGKOK
from data_access.access.scope import Scope
from reports import letter_text as text
from reports.docx_thai import (
    WD_ALIGN_PARAGRAPH,
    add_blank_space,
    add_layout_table,
    add_paragraph,
    add_ruled_table,
    clean,
    new_document,
)
from reports.errors import ReportError
from reports.letter_text import AnnexRow, LetterFacts

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARGINS_CM = {"left_cm": 3.0, "right_cm": 2.0, "top_cm": 2.5, "bottom_cm": 2.0}
TEXT_WIDTH_CM = 21.0 - 3.0 - 2.0
GARUDA_CM = 3.0
BODY_INDENT_CM = 2.5
PART_GAP_PT = 6  # between the parts of the heading (เรื่อง, เรียน …) and between body paragraphs
RIGHT_BLOCK_CM = 7.5  # where the date, the closing and the signature block start
# Label widths for the heading parts: the text after the label lines up, and so do its wrapped lines.
LABEL_CM = {"เรื่อง": 1.25, "เรียน": 1.25, "อ้างถึง": 1.5, "สิ่งที่ส่งมาด้วย": 2.75}
ANNEX_WIDTHS_CM = [1.2, 2.6, 1.7, 3.5, 2.6, 4.4]
ANNEX_WITH_RISK_WIDTHS_CM = [1.1, 2.4, 1.7, 3.2, 2.2, 3.4, 2.0]  # the same 16 cm
ANNEX_ALIGNS = ["center", "left", "center", "left", "left", "left"]


def _province(engine: Engine, province: str) -> tuple[str, str]:
    code = (province or "").strip()
    names = figures.province_names(engine)
    match = names[names["code"] == code]
    if match.empty:
        shown = "".join(ch for ch in code[:10] if ch.isprintable())
        raise ReportError(f"no province with code '{shown}' (use the two-digit DOPA code, e.g. 30)")
    if code == BANGKOK:
        raise ReportError("Bangkok is not under the Department of Local Administration: it has no LAOs to write to")
    return code, match.iloc[0]["name_th"]


def _annex(grid, judged: bool) -> tuple[AnnexRow, ...]:
    """The chase list of the province page (every LAO not complete, from the province view's grid), ordered by
    district, then name; with each LAO's deadline risk while the campaign runs."""
    todo = grid[grid["state"] != queries.COMPLETE]
    rows = [AnnexRow(r.district_name_th, str(r.code), r.name_th, r.type, tuple(int(d) for d in r.missing),
                     _risk_th(getattr(r, "level", None)) if judged else "") for r in todo.itertuples(index=False)]
    return tuple(sorted(rows, key=lambda r: (text.thai_sort_key(r.district), text.thai_sort_key(r.name), r.code)))


def _risk_th(level) -> str:
    return RISK_TH.get(level, "") if isinstance(level, str) else ""


def letter_facts(engine: Engine, fiscal_year: int, province: str, today: date) -> LetterFacts:
    """Everything the letter says, from the province page's own view (its Standing, what `summary --province`
    prints, and its grid); ReportError with a sentence for an unknown province or fiscal year, or a province
    without LAOs."""
    from data_access.figures.standing import NoStanding, Standings
    from data_access.views.province import NoProvinceView, province_view

    code, name_th = _province(engine, province)
    try:
        pv = province_view(Standings(engine, fiscal_year, today), Scope.national(), code)
    except NoStanding:
        years = ", ".join(str(y) for y in figures.fiscal_years(engine)) or "none yet"
        raise ReportError(f"fiscal year {fiscal_year} has no data in this database (fiscal years with data: "
                          f"{years})") from None
    except NoProvinceView:
        raise ReportError(f"province {code} has no LAOs in fiscal year {fiscal_year}'s registry") from None
    s = pv.standing
    info = figures.fiscal_year_info(engine, fiscal_year)
    return LetterFacts(
        fiscal_year=fiscal_year, province_code=code, province_name_th=name_th, today=today,
        deadline=s.deadline, days_left=s.days_left, as_of=s.as_of, laos=s.laos, complete=s.complete,
        not_started=s.not_started, completion_rate=s.completion_rate, rank=s.rank if s.as_of else None,
        provinces_ranked=s.provinces_ranked, letter_ref=info.letter_ref, letter_date=info.letter_date,
        domains=pv.domains, office=offices.get_office(engine, code), annex=_annex(pv.grid, pv.judged),
    )


def _labelled(doc, label: str, value: str) -> None:
    add_paragraph(doc, f"{label}\t{value}", hanging_cm=LABEL_CM[label], tab_cm=LABEL_CM[label],
                  before_pt=PART_GAP_PT)


def _heading(doc, facts: LetterFacts) -> None:
    add_blank_space(doc, GARUDA_CM)  # the ครุฑ: the office's letterhead template or a stamp supplies it
    left, right = add_layout_table(doc, [TEXT_WIDTH_CM - RIGHT_BLOCK_CM - 1.0, RIGHT_BLOCK_CM + 1.0]).rows[0].cells
    add_paragraph(left, text.number_line(facts.office))
    for line in text.office_block(facts.office):
        add_paragraph(right, line)
    add_paragraph(doc, text.date_line(facts.today), left_cm=RIGHT_BLOCK_CM, tab_cm=RIGHT_BLOCK_CM + 1.5,
                  before_pt=PART_GAP_PT)
    _labelled(doc, "เรื่อง", text.subject(facts))
    _labelled(doc, "เรียน", text.ADDRESSEE)
    _labelled(doc, "อ้างถึง", text.reference(facts))
    _labelled(doc, "สิ่งที่ส่งมาด้วย", text.ENCLOSURE)


def _body(doc, facts: LetterFacts) -> None:
    paragraphs = (text.what_dla_asked(facts), text.where_the_province_stands(facts), text.what_is_asked_now(facts),
                  text.CLOSING_REQUEST)
    for paragraph in paragraphs:
        add_paragraph(doc, paragraph, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY, first_line_cm=BODY_INDENT_CM,
                      before_pt=PART_GAP_PT, keep_with_next=paragraph is paragraphs[-1])


def _signature(doc, facts: LetterFacts) -> None:
    """The closing, the signature block and the contact lines stay together, after the last line of the body."""
    centred = {"align": WD_ALIGN_PARAGRAPH.CENTER, "left_cm": RIGHT_BLOCK_CM, "keep_with_next": True}
    add_paragraph(doc, text.COMPLIMENTARY_CLOSE, before_pt=2 * PART_GAP_PT, **centred)
    for _ in range(3):  # room to sign
        add_paragraph(doc, "", **centred)
    add_paragraph(doc, text.SIGNATURE_NAME, **centred)
    add_paragraph(doc, text.signer_title(facts), **centred)
    lines = text.contact_lines(facts.office)
    for i, line in enumerate(lines):
        add_paragraph(doc, line, before_pt=3 * PART_GAP_PT if i == 0 else None, keep_with_next=i < len(lines) - 1)


def _annex_page(doc, facts: LetterFacts) -> None:
    add_paragraph(doc, text.ENCLOSURE_TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, page_break_before=True)
    for line in text.annex_subtitle(facts):
        add_paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(doc, text.domain_legend(facts), before_pt=PART_GAP_PT)
    add_paragraph(doc, "")
    with_risk = any(row.risk for row in facts.annex)
    rows = [text.annex_cells(n, row, with_risk) for n, row in enumerate(facts.annex, start=1)]
    if with_risk:
        add_ruled_table(doc, [*text.ANNEX_HEADER, text.ANNEX_RISK_HEADER], rows, ANNEX_WITH_RISK_WIDTHS_CM,
                        [*ANNEX_ALIGNS, "left"])
    else:
        add_ruled_table(doc, text.ANNEX_HEADER, rows, ANNEX_WIDTHS_CM, ANNEX_ALIGNS)
    if not rows:
        add_paragraph(doc, text.NOTHING_PENDING, before_pt=PART_GAP_PT)


def build_document(facts: LetterFacts):
    doc = new_document(**MARGINS_CM)
    _heading(doc, facts)
    _body(doc, facts)
    _signature(doc, facts)
    _annex_page(doc, facts)
    doc.core_properties.title = clean(text.subject(facts))
    doc.core_properties.author = clean(facts.office.name)
    return doc


def letter_bytes(engine: Engine, fiscal_year: int, province: str, today: date) -> bytes:
    """The letter as DOCX bytes (for a download button)."""
    buffer = io.BytesIO()
    build_document(letter_facts(engine, fiscal_year, province, today)).save(buffer)
    return buffer.getvalue()


def letter_file_name(fiscal_year: int, province_name_th: str) -> str:
    return f"หนังสือเร่งรัด_INFO_{fiscal_year}_{province_name_th}.docx"


def write_letter(engine: Engine, fiscal_year: int, province: str, today: date, out_path: Path) -> None:
    data = letter_bytes(engine, fiscal_year, province, today)
    try:
        Path(out_path).write_bytes(data)
    except OSError as exc:
        raise ReportError(f"cannot write {str(out_path)[:80]}: {exc.strerror or 'not writable'}") from None
