"""The row check's fast path (`_valid_record`, cached per distinct status and dates) accepts exactly the rows the
rule-by-rule check (`_check_row_rules`) accepts, with the same record; every other row gets the rule-by-rule
problems."""

from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from data_access.parsing import domain_lookup
from data_access.reference import DOMAINS
from data_access.status_import import COLUMNS, _check_row, _check_row_rules, _valid_record

AS_OF = date(2023, 8, 20)
LAOS = {"6500101": 11, "3200408": 12}
DOMAIN_LOOKUP = domain_lookup(DOMAINS)
NAMES = {c: names[0] for c, names in COLUMNS.items()}

codes = st.sampled_from(["6500101", "3200408", " 6500101 ", "๖๕๐๐๑๐๑", "6500101.0", "1234567", "650010", "", None,
                         6500101, 6500101.0, 6500101.5, True])
domain_cells = st.sampled_from([1, 8, 9, 0, "1", " 3 ", "๒", "ด้านสาธารณสุขและสิ่งแวดล้อม", "Water management",
                                1.0, 2.5, True, "", None])
status_cells = st.sampled_from(["ยังไม่บันทึก", "บันทึกแล้ว", "ปรับปรุงแล้ว", "รับรองแล้ว", "not_started",
                                "recorded", " Updated ", "certified", "Not Started", 0, 1, 3, 1.0, True, "", None,
                                "done"])
days = st.dates(date(2023, 8, 10), date(2023, 8, 21))  # AS_OF and the day after


@st.composite
def date_cells(draw):
    day = draw(days)
    hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from([0, 30, 59]))
    return draw(st.sampled_from([
        None, "", "  ", f"{day.day:02d}/{day.month:02d}/{day.year + 543}",
        f"{day.day}/{day.month}/{day.year + 543} {hour:02d}:{minute:02d}", day.isoformat(),
        f"{day.isoformat()} {hour}:{minute:02d}", f"{day.day:02d}/{day.month:02d}/{day.year}",
        "31/02/2566", "yesterday", datetime(day.year, day.month, day.day, hour, minute),
        datetime(day.year + 543, day.month, day.day), date(day.year + 543, day.month, day.day), day,
        datetime(day.year, day.month, day.day, hour, tzinfo=timezone(timedelta(hours=7))), 45123.5, 0,
    ]))


@st.composite
def good_dates(draw):
    """A date in one of the accepted forms, or an empty cell."""
    day = draw(days)
    hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from([0, 30, 59]))
    return draw(st.sampled_from([
        "", None, f"{day.day:02d}/{day.month:02d}/{day.year + 543}",
        f"{day.day:02d}/{day.month:02d}/{day.year + 543} {hour:02d}:{minute:02d}", day.isoformat(),
        datetime(day.year, day.month, day.day, hour, minute), date(day.year + 543, day.month, day.day),
    ]))


by_cells = st.sampled_from([None, "", "  นายทดสอบ  ", 12, "A"])
chaotic_rows = st.fixed_dictionaries({
    "lao_code": codes, "domain": domain_cells, "status": status_cells, "recorded_at": date_cells(),
    "updated_at": date_cells(), "certified_at": date_cells(), "certified_by": by_cells,
})


@st.composite
def plausible_rows(draw):
    """Rows like a real export's: the dates a status needs, mostly in order and up to the as-of date."""
    status = draw(st.integers(0, 3))
    labels = (("ยังไม่บันทึก", "not_started"), ("บันทึกแล้ว", "recorded"), ("ปรับปรุงแล้ว", "updated"),
              ("รับรองแล้ว", "certified"))
    wanted = [status >= 1, status >= 2 and draw(st.booleans()), status == 3]
    if draw(st.integers(0, 9)) == 0:  # now and then one date too many or too few
        i = draw(st.integers(0, 2))
        wanted[i] = not wanted[i]
    cells = [draw(good_dates()) if want else draw(st.sampled_from(["", None, " "])) for want in wanted]
    if draw(st.integers(0, 4)):  # mostly in order
        ordered = sorted(draw(st.lists(days, min_size=3, max_size=3)))
        cells = [draw(dated(day)) if want else cell for want, cell, day in zip(wanted, cells, ordered)]
    return {"lao_code": draw(st.sampled_from(["6500101", "3200408", 3200408.0])),
            "domain": draw(st.sampled_from([1, "2", 8])), "status": draw(st.sampled_from(labels[status])),
            "recorded_at": cells[0], "updated_at": cells[1], "certified_at": cells[2], "certified_by": draw(by_cells)}


@st.composite
def dated(draw, day: date):
    hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from([0, 30, 59]))
    return draw(st.sampled_from([
        f"{day.day:02d}/{day.month:02d}/{day.year + 543}", f"{day.day}/{day.month}/{day.year + 543} {hour}:{minute:02d}",
        day.isoformat(), datetime(day.year, day.month, day.day, hour, minute),
        datetime(day.year + 543, day.month, day.day), date(day.year + 543, day.month, day.day),
    ]))


rows = st.one_of(chaotic_rows, plausible_rows())


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows)
@example({"lao_code": "6500101", "domain": 1, "status": "รับรองแล้ว", "recorded_at": "01/08/2566",
          "updated_at": "", "certified_at": "15/08/2566 10:00", "certified_by": "นายทดสอบ"})
@example({"lao_code": "6500101", "domain": 1, "status": "ปรับปรุงแล้ว", "recorded_at": "01/08/2566 10:00",
          "updated_at": "01/08/2566 09:00", "certified_at": None, "certified_by": None})
def test_fast_path_agrees_with_every_rule(cells):
    problems = []
    expected = _check_row_rules(2, cells, NAMES, LAOS, DOMAIN_LOOKUP, AS_OF, problems)
    assert _valid_record(cells, LAOS, DOMAIN_LOOKUP, AS_OF) == expected
    assert (expected is None) == bool(problems)
    again = []
    assert _check_row(2, cells, NAMES, LAOS, DOMAIN_LOOKUP, AS_OF, again) == expected
    assert again == problems
