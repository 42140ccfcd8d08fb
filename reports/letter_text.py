"""The words of the reminder letter (หนังสือเร่งรัด), from its facts: pure, Thai only (the letter is an official Thai
document; it has no English edition). Thai digits and Buddhist-Era dates throughout (LETTER.md "Type and page")."""

from dataclasses import dataclass
from datetime import date

from components.i18n import THAI_MONTHS, digits, format_date
from data_access.admin.offices import Office

DOTS = "........................................"
SHORT_DOTS = "...................."
INFO_SITE = "https://info.dla.go.th"
DLA = "กรมส่งเสริมการปกครองท้องถิ่น"
INFO_SYSTEM = "ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น (INFO)"
_LEADING_VOWELS = "เแโใไ"


@dataclass(frozen=True)
class AnnexRow:
    district: str
    code: str
    name: str
    type: str
    missing: tuple[int, ...]  # domain codes not certified
    risk: str = ""  # until the deadline: ไม่ทันกำหนด / เสี่ยง / ทันกำหนด (data_access/figures/risk.py)


@dataclass(frozen=True)
class LetterFacts:
    fiscal_year: int
    province_code: str
    province_name_th: str
    today: date
    deadline: date
    days_left: int
    as_of: date | None
    laos: int
    complete: int
    not_started: int
    completion_rate: float
    rank: int | None
    provinces_ranked: int
    letter_ref: str | None
    letter_date: date | None
    domains: tuple[tuple[int, str, str], ...]  # (code, name_th, name_en)
    office: Office
    annex: tuple[AnnexRow, ...]


def th(value) -> str:
    """A number (no thousands separator: years, counts, ranks) or a text, with Thai digits."""
    return digits(str(value), True)


NBSP = "\u00a0"


def th_date(day: date) -> str:
    """`๓๑ สิงหาคม ๒๕๖๖`, kept on one line."""
    return format_date(day, "th", thai_digits=True).replace(" ", NBSP)


def th_year(year: int) -> str:
    """`พ.ศ. ๒๕๖๖`, kept on one line."""
    return f"พ.ศ.{NBSP}{th(year)}"


def thai_sort_key(text: str) -> str:
    """Thai dictionary order, near enough: a leading vowel (เ แ โ ใ ไ) sorts after the consonant it is written
    before, so เมือง files under ม, not after every name that starts with a consonant."""
    out, i = [], 0
    while i < len(text):
        if text[i] in _LEADING_VOWELS and i + 1 < len(text):
            out += [text[i + 1], text[i]]
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def number_line(office: Office) -> str:
    """`ที่ นม ๐๐๒๓.๓/ว` then room for the registry clerk's running number."""
    return f"ที่ {th(office.number_prefix)}" if office.number_prefix else f"ที่ {SHORT_DOTS}"


def office_block(office: Office) -> list[str]:
    """The office's name and address (ส่วนราชการเจ้าของหนังสือ), dotted lines where nothing is filled yet."""
    return [office.name, *([th(line) for line in office.address_lines] or [DOTS, DOTS])]


def date_line(today: date) -> str:
    """Month and year only: the day is written by hand when the letter is signed (a tab leaves its room)."""
    return f"\t{THAI_MONTHS[today.month - 1]} {th(today.year + 543)}"


def subject(facts: LetterFacts) -> str:
    return f"เร่งรัดการบันทึก ปรับปรุง และรับรองข้อมูลใน{INFO_SYSTEM} ประจำปีงบประมาณ {th_year(facts.fiscal_year)}"


ADDRESSEE = "นายกองค์กรปกครองส่วนท้องถิ่น ตามบัญชีแนบท้าย"
ENCLOSURE_TITLE = "บัญชีรายชื่อองค์กรปกครองส่วนท้องถิ่นที่ยังดำเนินการไม่แล้วเสร็จ"
ENCLOSURE = f"{ENCLOSURE_TITLE} จำนวน ๑ ฉบับ"


def reference(facts: LetterFacts) -> str:
    """The DLA letter of the fiscal year; a year whose letter is not recorded leaves its number and date to fill."""
    if not facts.letter_ref:
        return f"หนังสือ{DLA} ที่ {SHORT_DOTS} ลงวันที่ {SHORT_DOTS}"
    dated = f" ลงวันที่ {th_date(facts.letter_date)}" if facts.letter_date else f" ลงวันที่ {SHORT_DOTS}"
    return f"หนังสือ{DLA} ที่ {th(facts.letter_ref)}{dated}"


def _domain_list(facts: LetterFacts) -> str:
    names = [name for _, name, _ in facts.domains]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " และ" + names[-1]  # commas as in DLA's letters: names hold spaces


def what_dla_asked(facts: LetterFacts) -> str:
    return (f"ตามหนังสือที่อ้างถึง {DLA}ขอความร่วมมือจังหวัดแจ้งองค์กรปกครองส่วนท้องถิ่นดำเนินการบันทึก ปรับปรุง "
            f"และรับรองข้อมูลใน{INFO_SYSTEM} ผ่านเว็บไซต์ {INFO_SITE} ประจำปีงบประมาณ {th_year(facts.fiscal_year)} "
            f"ให้ครบถ้วนทั้ง {th(len(facts.domains))} ด้าน ได้แก่ {_domain_list(facts)} "
            f"ภายในวันที่ {th_date(facts.deadline)} นั้น")


def where_the_province_stands(facts: LetterFacts) -> str:
    province = f"จังหวัด{facts.province_name_th}"
    if facts.as_of is None:
        return (f"{province}ได้ตรวจสอบแล้ว ยังไม่ปรากฏผลการรับรองข้อมูลขององค์กรปกครองส่วนท้องถิ่นใน{province} "
                f"ทั้ง {th(facts.laos)} แห่ง ในระบบดังกล่าว รายละเอียดตามสิ่งที่ส่งมาด้วย")
    pending = facts.laos - facts.complete
    text = (f"{province}ได้ตรวจสอบผลการดำเนินการในระบบดังกล่าว ณ วันที่ {th_date(facts.as_of)} ปรากฏว่า "
            f"องค์กรปกครองส่วนท้องถิ่นใน{province} จำนวน {th(facts.laos)} แห่ง รับรองข้อมูลครบถ้วนทุกด้านแล้ว "
            f"{th(facts.complete)} แห่ง คิดเป็นร้อยละ {th(f'{facts.completion_rate * 100:.1f}')}")
    if facts.rank is not None and facts.complete:  # a rank shared by every province at 0 % says nothing
        text += f" อยู่ในลำดับที่ {th(facts.rank)} จาก {th(facts.provinces_ranked)} จังหวัด"
    if not pending:
        return text + " ครบทุกแห่งแล้ว"
    text += f" และยังดำเนินการไม่แล้วเสร็จ {th(pending)} แห่ง"
    if facts.not_started:
        text += f" ในจำนวนนี้ยังไม่เริ่มดำเนินการ {th(facts.not_started)} แห่ง"
    return text + " รายละเอียดตามสิ่งที่ส่งมาด้วย"


def what_is_asked_now(facts: LetterFacts) -> str:
    """By which date, and how many days are left (DOMAIN.md §7): the deadline day says so; after it, how late."""
    act = ("จึงขอให้องค์กรปกครองส่วนท้องถิ่นตามบัญชีแนบท้ายเร่งดำเนินการบันทึก ปรับปรุง และรับรองข้อมูลในระบบ "
           "INFO ให้ครบถ้วนทุกด้าน")
    deadline = th_date(facts.deadline)
    if facts.days_left > 0:
        text = (f"{act} ภายในวันที่ {deadline} ซึ่ง ณ วันที่ {th_date(facts.today)} "
                f"เหลือเวลาอีก {th(facts.days_left)} วัน")
    elif facts.days_left == 0:
        text = f"{act} ภายในวันนี้ ({deadline}) ซึ่งเป็นวันสุดท้ายของกำหนดเวลา"
    else:
        text = (f"ทั้งนี้ กำหนดเวลาดังกล่าวได้สิ้นสุดลงเมื่อวันที่ {deadline} ซึ่ง ณ วันที่ {th_date(facts.today)} "
                f"เลยกำหนดมาแล้ว {th(-facts.days_left)} วัน {act}โดยเร็วที่สุด")
    return (f"{text} หากมีปัญหาหรือข้อขัดข้องในการใช้งานระบบ โปรดประสาน{facts.office.name} "
            f"ตามหมายเลขโทรศัพท์ท้ายหนังสือนี้")


CLOSING_REQUEST = "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ"
COMPLIMENTARY_CLOSE = "ขอแสดงความนับถือ"
SIGNATURE_NAME = "(" + " " * 36 + ")"


def signer_title(facts: LetterFacts) -> str:
    return f"ผู้ว่าราชการจังหวัด{facts.province_name_th}"


def contact_lines(office: Office) -> list[str]:
    """Bottom left: ส่วนราชการเจ้าของเรื่อง, โทร., โทรสาร and e-mail, dotted where not filled yet."""
    return [office.name,
            f"โทร. {th(office.phone) if office.phone else SHORT_DOTS}",
            f"โทรสาร {th(office.fax) if office.fax else SHORT_DOTS}",
            f"ไปรษณีย์อิเล็กทรอนิกส์ {office.email or SHORT_DOTS}"]


def annex_subtitle(facts: LetterFacts) -> list[str]:
    as_of = f"ข้อมูล ณ วันที่ {th_date(facts.as_of)}" if facts.as_of else "ยังไม่มีข้อมูลผลการดำเนินการในระบบ"
    return [f"การบันทึก ปรับปรุง และรับรองข้อมูลในระบบ INFO ประจำปีงบประมาณ {th_year(facts.fiscal_year)}",
            f"จังหวัด{facts.province_name_th} {as_of} จำนวน {th(len(facts.annex))} แห่ง"]


def domain_legend(facts: LetterFacts) -> str:
    return "ด้านที่ " + ", ".join(f"{th(code)} {name}" for code, name, _ in facts.domains)


ANNEX_HEADER = ["ลำดับ", "อำเภอ", "รหัส อปท.", "ชื่อ อปท.", "ประเภท", "ด้านที่ยังไม่รับรอง"]
NOTHING_PENDING = "ไม่มี องค์กรปกครองส่วนท้องถิ่นทุกแห่งรับรองข้อมูลครบถ้วนแล้ว"


ANNEX_RISK_HEADER = "ความเสี่ยง"


def annex_cells(number: int, row: AnnexRow, with_risk: bool = False) -> list[str]:
    cells = [th(number), row.district, row.code, row.name, row.type, th(", ".join(str(d) for d in row.missing))]
    return cells + [row.risk] if with_risk else cells
