"""Domain facts from DLA's circular letters (DOMAIN.md §1-§3)."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DomainDef:
    code: int
    name_th: str
    name_en: str


# The 8 domains in the order and wording of the letters.
DOMAINS: tuple[DomainDef, ...] = (
    DomainDef(1, "ด้านสาธารณสุขและสิ่งแวดล้อม", "Public health and environment"),
    DomainDef(2, "ด้านนวัตกรรมและการศึกษา", "Innovation and education"),
    DomainDef(3, "ด้านสาธารณสุข", "Public health"),
    DomainDef(4, "ด้านโครงสร้างพื้นฐาน", "Infrastructure"),
    DomainDef(5, "ด้านการบริหารจัดการน้ำ", "Water management"),
    DomainDef(6, "ด้านการจัดการภายในและธรรมาภิบาล", "Internal management and good governance"),
    DomainDef(7, "ด้านสังคม ศาสนา วัฒนธรรม", "Society, religion and culture"),
    DomainDef(8, "ด้านเศรษฐกิจและท่องเที่ยว", "Economy and tourism"),
)


@dataclass(frozen=True)
class LaoType:
    label: str  # exactly as the DLA registry writes it
    short_th: str  # prefix used in front of a name: "อบต.หนองบัว"
    name_en: str
    expected_2566: int


LAO_TYPES: tuple[LaoType, ...] = (
    LaoType("อบจ.", "อบจ.", "Provincial administrative organisation", 76),
    LaoType("เทศบาลนคร", "ทน.", "City municipality", 30),
    LaoType("เทศบาลเมือง", "ทม.", "Town municipality", 195),
    LaoType("เทศบาลตำบล", "ทต.", "Subdistrict municipality", 2247),
    LaoType("อบต.", "อบต.", "Subdistrict administrative organisation", 5300),
    LaoType("ท้องถิ่นรูปแบบพิเศษ", "", "Special form (Pattaya City)", 1),
)
LAO_TYPE_BY_LABEL = {t.label: t for t in LAO_TYPES}

# Status codes, in order: a higher code means further along.
NOT_STARTED, RECORDED, UPDATED, CERTIFIED = 0, 1, 2, 3
STATUS_KEYS = ("not_started", "recorded", "updated", "certified")
STATUS_TH = ("ยังไม่บันทึก", "บันทึกแล้ว", "ปรับปรุงแล้ว", "รับรองแล้ว")


@dataclass(frozen=True)
class FiscalYearFacts:
    year: int
    deadline: date
    letter_ref: str | None = None
    letter_date: date | None = None
    coordinator: str | None = None
    coordinator_phone: str | None = None
    office_phone: str | None = None


KNOWN_FISCAL_YEARS: dict[int, FiscalYearFacts] = {
    2565: FiscalYearFacts(
        2565, date(2022, 3, 31), "มท ๐๘๐๖.๒/ว ๒๕๒", date(2022, 1, 27),
        "นายธนะสิทธิ์ อนันต์ศิริเกษม", "๐๘๑-๑๗๔-๓๗๗๖", "๐-๒๒๕๑-๙๐๐๐ ต่อ ๑๑๐๗, ๑๑๐๘, ๑๑๐๙",
    ),
    2566: FiscalYearFacts(
        2566, date(2023, 8, 31), "มท ๐๘๐๖.๒/ว ๒๓/๓๒", date(2023, 6, 30),
        "นายอนุกุล บุญทวี", "๐๘๑-๕๘๕-๕๙๑๕", "๐-๒๒๔๑-๙๐๐๐ ต่อ ๑๑๐๗, ๑๑๐๘, ๑๑๐๙",
    ),
}
COORDINATING_UNIT = "ศูนย์เทคโนโลยีสารสนเทศท้องถิ่น กลุ่มงานสารสนเทศ"


def fiscal_year_facts(year: int) -> FiscalYearFacts:
    """Known letter facts, or the default deadline (31 August of the fiscal year) for a later year."""
    return KNOWN_FISCAL_YEARS.get(year) or FiscalYearFacts(year, date(year - 543, 8, 31))


def fiscal_year_start(year: int) -> date:
    return date(year - 544, 10, 1)


def fiscal_year_end(year: int) -> date:
    """30 September: the last day of fiscal year `year` (BE, DOMAIN.md §7)."""
    return date(year - 543, 9, 30)


def fiscal_year_of(day: date) -> int:
    return day.year + 543 + (1 if day.month >= 10 else 0)
