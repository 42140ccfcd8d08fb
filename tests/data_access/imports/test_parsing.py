from datetime import date, datetime

import pytest

from data_access.geography import match_district, match_province
from data_access.imports.parsing import (
    domain_lookup, header_key, parse_code, parse_datetime, parse_domain, parse_status,
)


@pytest.mark.parametrize("text, expected, has_time", [
    ("15/08/2566", datetime(2023, 8, 15), False),
    ("1/8/2566", datetime(2023, 8, 1), False),
    ("15/08/2566 14:30", datetime(2023, 8, 15, 14, 30), True),
    ("๑๕/๐๘/๒๕๖๖", datetime(2023, 8, 15), False),
    ("2023-08-15", datetime(2023, 8, 15), False),
    ("2566-08-15", datetime(2023, 8, 15), False),
    ("2023-08-15 09:05", datetime(2023, 8, 15, 9, 5), True),
    ("15/08/2023", datetime(2023, 8, 15), False),
    ("29/02/2567", datetime(2024, 2, 29), False),
])
def test_dates_in_buddhist_and_common_era(text, expected, has_time):
    assert parse_datetime(text) == (expected, has_time)


def test_spreadsheet_date_cells_with_a_buddhist_year_are_converted():
    assert parse_datetime(date(2566, 8, 15)) == (datetime(2023, 8, 15), False)
    assert parse_datetime(datetime(2023, 8, 15, 10, 0)) == (datetime(2023, 8, 15, 10, 0), True)


@pytest.mark.parametrize("text", ["29/02/2566", "31/04/2566", "15-08-2566", "yesterday", "15/13/2566", "2566"])
def test_impossible_or_unreadable_dates_are_rejected(text):
    with pytest.raises(ValueError):
        parse_datetime(text)


@pytest.mark.parametrize("value, code", [("5810401", "5810401"), (5810401, "5810401"), (5810401.0, "5810401"),
                                         (" 3200408 ", "3200408"), ("5810401.0", "5810401")])
def test_codes_arrive_as_text_or_numbers(value, code):
    assert parse_code(value) == code


@pytest.mark.parametrize("value", ["581040", "58104011", "58x0401", 5810401.5, "", True])
def test_bad_codes(value):
    with pytest.raises(ValueError):
        parse_code(value)


@pytest.mark.parametrize("value, code", [
    ("1", 1), (8, 8), (3.0, 3), ("ด้านสาธารณสุข", 3), ("สาธารณสุข", 3), ("ด้านสาธารณสุขและสิ่งแวดล้อม", 1),
    ("สังคม ศาสนา  วัฒนธรรม", 7), ("Water management", 5), ("ECONOMY AND TOURISM", 8),
    ("Society, religion and culture", 7),
])
def test_domains_by_number_or_name(value, code):
    assert parse_domain(value, domain_lookup()) == code


def test_unknown_domain():
    with pytest.raises(ValueError, match="not a domain"):
        parse_domain("9", domain_lookup())


@pytest.mark.parametrize("value, status", [("ยังไม่บันทึก", 0), ("บันทึกแล้ว", 1), ("ปรับปรุงแล้ว", 2), ("รับรองแล้ว", 3),
                                           ("not_started", 0), ("Recorded", 1), ("UPDATED", 2), (" certified ", 3)])
def test_statuses_in_thai_or_english(value, status):
    assert parse_status(value) == status


def test_headers_match_ignoring_case_and_spaces():
    assert header_key(" รหัส  อปท. ") == header_key("รหัส อปท.")
    assert header_key("LAO_Code") == header_key("lao_code")


def test_district_names_match_after_normalising_prefixes_and_spacing():
    assert match_province("เชียงใหม่") == "50"
    assert match_province("จังหวัด เชียงใหม่") == "50"
    assert match_district("50", "เมืองเชียงใหม่") == "5001"
    assert match_district("50", "อำเภอเมืองเชียงใหม่") == "5001"
    assert match_district("50", "อำเภอ เมือง เชียงใหม่") == "5001"
    assert match_district("10", "เขตพระนคร") == "1001"
    assert match_district("50", "ไม่มีอำเภอนี้") is None
    assert match_district("51", "เมืองเชียงใหม่") is None  # the right name in the wrong province is no match
