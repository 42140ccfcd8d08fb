from datetime import date

import pytest

from components.countdown import as_of_text, campaign_closed, coordinator_text, countdown_text, deadline_text, \
    letter_text


@pytest.mark.parametrize("days, th, en", [
    (16, "เหลือเวลาอีก 16 วัน", "16 days left"),
    (1, "เหลือเวลาอีก 1 วัน", "1 day left"),
    (0, "วันสุดท้าย", "Last day"),
    (-1, "เลยกำหนด 1 วัน", "1 day overdue"),
    (-5, "เลยกำหนด 5 วัน", "5 days overdue"),
    (-1183, "เลยกำหนด 1,183 วัน", "1,183 days overdue"),
])
def test_countdown_before_on_and_after_the_deadline(days, th, en):
    assert countdown_text(days, "th") == th
    assert countdown_text(days, "en") == en


def test_countdown_in_thai_digits():
    assert countdown_text(16, "th", thai_digits=True) == "เหลือเวลาอีก ๑๖ วัน"
    assert countdown_text(-1183, "th", thai_digits=True) == "เลยกำหนด ๑,๑๘๓ วัน"


def test_deadline_is_a_thai_buddhist_era_date():
    assert deadline_text(date(2023, 8, 31), "th") == "กำหนดส่ง 31 สิงหาคม 2566"
    assert deadline_text(date(2023, 8, 31), "th", thai_digits=True) == "กำหนดส่ง ๓๑ สิงหาคม ๒๕๖๖"
    assert deadline_text(date(2023, 8, 31), "en") == "Deadline 31 August 2566 BE"


def test_letter_reference_with_and_without_a_letter():
    assert letter_text("มท ๐๘๐๖.๒/ว ๒๓/๓๒", date(2023, 6, 30), "th", thai_digits=True) == \
        "ตามหนังสือ สถ. ที่ มท ๐๘๐๖.๒/ว ๒๓/๓๒ ลงวันที่ ๓๐ มิถุนายน ๒๕๖๖"
    assert letter_text("มท ๐๘๐๖.๒/ว ๒๕๒", None, "en") == "DLA letter มท 0806.2/ว 252"  # digits as the toggle says
    assert letter_text("มท 0806.2/ว 252", None, "en", thai_digits=True) == "DLA letter มท ๐๘๐๖.๒/ว ๒๕๒"
    assert "default deadline" in letter_text(None, None, "en")


def test_data_as_of_or_no_status_data():
    assert as_of_text(date(2023, 9, 30), "th") == "ข้อมูล ณ วันที่ 30 กันยายน 2566"
    assert as_of_text(None, "th") == "ยังไม่มีข้อมูลสถานะ"
    assert as_of_text(None, "en") == "No status data yet"
    assert as_of_text(date(2023, 9, 30), "th", final=True) == "ข้อมูลสุดท้าย ณ วันที่ 30 กันยายน 2566"


def test_coordinator_line():
    assert coordinator_text(None, None, None) is None
    line = coordinator_text("นายอนุกุล บุญทวี", "๐๘๑-๕๘๕-๕๙๑๕", "๐-๒๒๔๑-๙๐๐๐", "th")
    assert line == "ผู้ประสานงาน สถ.: นายอนุกุล บุญทวี (โทร. 081-585-5915, 0-2241-9000)"
    line = coordinator_text("นายอนุกุล บุญทวี", "081-585-5915", "๐-๒๒๔๑-๙๐๐๐", "en", thai_digits=True)
    assert line == "DLA coordinator: นายอนุกุล บุญทวี (tel. ๐๘๑-๕๘๕-๕๙๑๕, ๐-๒๒๔๑-๙๐๐๐)"


@pytest.mark.parametrize("today, closed", [
    (date(2023, 8, 31), False),  # the deadline day
    (date(2023, 9, 30), False),  # overdue, but the fiscal year still runs: late data still arrives
    (date(2023, 10, 1), True),   # FY2567 has begun
])
def test_the_campaign_closes_when_its_fiscal_year_ends(today, closed):
    assert campaign_closed(2566, today) is closed
