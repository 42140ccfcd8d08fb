"""A Thai official document with python-docx: A4 portrait, TH SarabunPSK 16 pt everywhere, and the few building
blocks a หนังสือภายนอก needs (paragraphs of runs, a borderless layout table, a ruled table whose header repeats).

Word picks the font of Thai text from the complex-script slot, so every run carries the full set: `w:rFonts`
ascii/hAnsi/eastAsia/cs, `w:sz` and `w:szCs`, `w:lang w:bidi="th-TH"` (LETTER.md "Type and page"). The same set is
the document default and the Normal style's, so text typed later in Word or LibreOffice gets it too.
"""

from copy import deepcopy

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

FONT = "TH SarabunPSK"
SIZE_PT = 16
LANG = "th-TH"
TWIPS_PER_CM = 567
CELL_MARGIN_CM = 0.1


def clean(text: str | None) -> str:
    """Text XML can hold: control characters (which lxml refuses) become spaces; tabs and no-break spaces stay."""
    return "".join(ch if ch.isprintable() or ch in "\t\u00a0" else " " for ch in (text or ""))


def _run_properties(bold: bool = False):
    """A complete `w:rPr`, children in the schema's order (Word rejects a file whose rPr is out of order)."""
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)
    rpr.append(fonts)
    if bold:
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(SIZE_PT * 2))
        rpr.append(size)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)
    lang.set(qn("w:bidi"), LANG)
    rpr.append(lang)
    return rpr


_PLAIN, _BOLD = _run_properties(False), _run_properties(True)


def _text_element(text: str):
    element = OxmlElement("w:t")
    element.text = text
    if text != text.strip():
        element.set(qn("xml:space"), "preserve")
    return element


def add_run(paragraph: Paragraph, text: str, bold: bool = False) -> None:
    """Text in the document's font; a tab in it becomes a real tab, a newline a line break."""
    run = OxmlElement("w:r")
    run.append(deepcopy(_BOLD if bold else _PLAIN))
    for i, line in enumerate(clean_lines(text)):
        if i:
            run.append(OxmlElement("w:br"))
        for j, piece in enumerate(line.split("\t")):
            if j:
                run.append(OxmlElement("w:tab"))
            if piece:
                run.append(_text_element(piece))
    paragraph._p.append(run)


def clean_lines(text: str) -> list[str]:
    return [clean(line) for line in (text or "").replace("\r\n", "\n").split("\n")]


def new_document(left_cm: float, right_cm: float, top_cm: float, bottom_cm: float) -> DocxDocument:
    """An empty A4 portrait document with these margins, TH SarabunPSK 16 pt and single spacing by default."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(left_cm), Cm(right_cm)
    section.top_margin, section.bottom_margin = Cm(top_cm), Cm(bottom_cm)
    section.header_distance = section.footer_distance = Cm(1.25)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_default = defaults.find(qn("w:rPrDefault"))
    run_default.remove(run_default.find(qn("w:rPr")))
    run_default.append(deepcopy(_PLAIN))
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = doc.styles["Normal"]
    existing = normal.element.find(qn("w:rPr"))
    if existing is not None:
        normal.element.remove(existing)
    normal.element.append(deepcopy(_PLAIN))
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    return doc


def add_paragraph(doc_or_cell, text: str = "", bold: bool = False, align=None, first_line_cm: float | None = None,
                  left_cm: float | None = None, hanging_cm: float | None = None, before_pt: float | None = None,
                  tab_cm: float | None = None, page_break_before: bool = False,
                  keep_with_next: bool = False) -> Paragraph:
    """One paragraph of one run. `hanging_cm` with `tab_cm`: a label, a tab, then text whose wrapped lines line up
    under the text (เรื่อง, อ้างถึง …)."""
    paragraph = doc_or_cell.add_paragraph()
    fmt = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if left_cm is not None or hanging_cm is not None:
        fmt.left_indent = Cm((left_cm or 0) + (hanging_cm or 0))
    if hanging_cm is not None:
        fmt.first_line_indent = Cm(-hanging_cm)
    if first_line_cm is not None:
        fmt.first_line_indent = Cm(first_line_cm)
    if before_pt is not None:
        fmt.space_before = Pt(before_pt)
    if tab_cm is not None:
        fmt.tab_stops.add_tab_stop(Cm(tab_cm))
    if page_break_before:
        fmt.page_break_before = True
    if keep_with_next:
        fmt.keep_with_next = True
    if text:
        add_run(paragraph, text, bold)
    return paragraph


def add_blank_space(doc: DocxDocument, height_cm: float, align=WD_ALIGN_PARAGRAPH.CENTER) -> Paragraph:
    """An empty paragraph exactly `height_cm` high (the room for the ครุฑ)."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.line_spacing = Cm(height_cm)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    add_run(paragraph, "")
    return paragraph


def _cell_width(tc, width_cm: float) -> None:
    tc_pr = tc.get_or_add_tcPr()
    width = tc_pr.find(qn("w:tcW"))
    if width is None:
        width = OxmlElement("w:tcW")
        tc_pr.insert(0, width)
    width.set(qn("w:w"), str(round(width_cm * TWIPS_PER_CM)))
    width.set(qn("w:type"), "dxa")


def _table_properties(table, widths_cm: list[float], ruled: bool) -> None:
    """Fixed column widths (Word and LibreOffice both honour them) and, for a ruled table, single black lines.
    `w:tblPr` is rebuilt whole: its children must keep the schema's order."""
    tbl = table._tbl
    old = tbl.tblPr
    properties = OxmlElement("w:tblPr")
    style = old.find(qn("w:tblStyle"))
    if style is not None:
        properties.append(style)
    total = OxmlElement("w:tblW")
    total.set(qn("w:w"), str(round(sum(widths_cm) * TWIPS_PER_CM)))
    total.set(qn("w:type"), "dxa")
    properties.append(total)
    if ruled:
        properties.append(_borders())
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_MARGIN_CM * TWIPS_PER_CM)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)
    tbl.replace(old, properties)
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(round(width * TWIPS_PER_CM)))


def add_layout_table(doc: DocxDocument, widths_cm: list[float]):
    """A one-row table without borders, to put blocks side by side (ที่ … on the left, the office on the right)."""
    table = doc.add_table(rows=1, cols=len(widths_cm))
    _table_properties(table, widths_cm, ruled=False)
    for tc, width in zip(table.rows[0]._tr.tc_lst, widths_cm):
        _cell_width(tc, width)
        tc.remove(tc.find(qn("w:p")))  # cells get their paragraphs from add_paragraph
    return table


def _borders():
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    return borders


def _cell(text: str, width_cm: float, bold: bool, align: str):
    tc = OxmlElement("w:tc")
    tc_pr = OxmlElement("w:tcPr")
    tc.append(tc_pr)
    _cell_width(tc, width_cm)
    if bold:
        centre = OxmlElement("w:vAlign")
        centre.set(qn("w:val"), "center")
        tc_pr.append(centre)
    p = OxmlElement("w:p")
    p_pr = OxmlElement("w:pPr")
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), align)
    p_pr.append(jc)
    p.append(p_pr)
    run = OxmlElement("w:r")
    run.append(deepcopy(_BOLD if bold else _PLAIN))
    if text:
        run.append(_text_element(clean(text)))
    p.append(run)
    tc.append(p)
    return tc


def _row(values: list[str], widths_cm: list[float], aligns: list[str], header: bool):
    tr = OxmlElement("w:tr")
    tr_pr = OxmlElement("w:trPr")
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
    tr.append(tr_pr)
    for value, width, align in zip(values, widths_cm, aligns):
        tr.append(_cell(value, width, header, "center" if header else align))
    return tr


def add_ruled_table(doc: DocxDocument, header: list[str], rows: list[list[str]], widths_cm: list[float],
                    aligns: list[str]):
    """A ruled table: a bold header row that repeats on every page, then one row per item (`aligns`: "left",
    "center" or "right" per column). Rows are built as XML directly: python-docx's cell API is quadratic."""
    table = doc.add_table(rows=0, cols=len(header))
    _table_properties(table, widths_cm, ruled=True)
    tbl = table._tbl
    tbl.append(_row(header, widths_cm, aligns, header=True))
    for values in rows:
        tbl.append(_row(values, widths_cm, aligns, header=False))
    return table


__all__ = ["FONT", "SIZE_PT", "WD_ALIGN_PARAGRAPH", "add_blank_space", "add_layout_table",
           "add_paragraph", "add_ruled_table", "add_run", "clean", "new_document"]
