import json
from datetime import date, timedelta

import pandas as pd
import plotly.io as pio
import pytest

from components.trend import complete_on, needed_text, pace, pace_figure, pace_text

START = date(2023, 6, 30)
DEADLINE = date(2023, 8, 31)  # 62 days after START


def _trend(points: dict[date, int]) -> pd.DataFrame:
    days = sorted(points)
    return pd.DataFrame({"day": days, "complete": [points[d] for d in days], "cells_certified": 0})


def _linear(first: date, last: date, per_day: int) -> pd.DataFrame:
    n = (last - first).days + 1
    return _trend({first + timedelta(days=i): per_day * (i + 1) for i in range(n)})


def test_complete_on_takes_the_last_value_on_or_before_the_day():
    trend = _trend({date(2023, 7, 3): 5, date(2023, 7, 10): 12})
    assert complete_on(trend, date(2023, 7, 2)) == 0
    assert complete_on(trend, date(2023, 7, 3)) == 5
    assert complete_on(trend, date(2023, 7, 9)) == 5
    assert complete_on(trend, date(2023, 7, 31)) == 12
    assert complete_on(_trend({}), date(2023, 7, 31)) == 0


def test_recent_pace_is_extended_in_a_straight_line_to_the_deadline():
    as_of = date(2023, 7, 31)  # 31 days before the deadline
    trend = _linear(date(2023, 7, 1), as_of, 10)  # 10 a day, 310 by as_of
    p = pace(trend, START, DEADLINE, 1000, as_of, today=as_of)
    assert p.current == 310
    assert p.window_days == 14
    assert p.per_day == pytest.approx(10.0)
    assert p.projected == 310 + 10 * 31
    assert p.projected_rate == pytest.approx(0.62)
    assert p.needed_per_day == pytest.approx((1000 - 310) / 31)
    assert not p.final and not p.on_track


def test_only_the_last_window_counts():
    as_of = date(2023, 7, 31)
    points = {date(2023, 7, 1): 500, as_of - timedelta(days=14): 500, as_of: 570}  # 70 in the last 14 days
    p = pace(_trend(points), START, DEADLINE, 1000, as_of, today=as_of)
    assert p.per_day == pytest.approx(5.0)
    assert p.projected == 570 + round(5.0 * 31)


def test_projection_is_capped_at_all_laos():
    as_of = date(2023, 8, 20)
    p = pace(_linear(date(2023, 7, 1), as_of, 20), START, DEADLINE, 1000, as_of, today=as_of)
    assert p.projected == 1000
    assert p.on_track


def test_a_young_campaign_measures_since_its_start():
    as_of = START + timedelta(days=5)
    p = pace(_trend({START + timedelta(days=2): 10, as_of: 30}), START, DEADLINE, 1000, as_of, today=as_of)
    assert p.window_days == 5
    assert p.per_day == pytest.approx(6.0)


def test_past_the_deadline_the_final_count_is_the_one_on_the_deadline():
    trend = _trend({date(2023, 8, 1): 100, DEADLINE: 640, date(2023, 9, 30): 900})
    p = pace(trend, START, DEADLINE, 1000, date(2023, 9, 30), today=date(2026, 11, 26))
    assert p.final
    assert p.projected == 640 and p.current == 900
    assert p.needed_per_day is None
    assert pace_text(p, "en") == ("Final at the deadline (31 August 2566 BE): 64.0% complete (640 of 1,000 LAOs)"
                                  " · latest, 30 September 2566 BE: 90.0%")
    assert needed_text(p, "en") is None


def test_data_reaching_the_deadline_is_final_even_before_today_passes_it():
    p = pace(_trend({DEADLINE: 700}), START, DEADLINE, 1000, DEADLINE, today=DEADLINE)
    assert p.final and p.projected == 700
    assert pace_text(p, "th") == "ผลเมื่อครบกำหนด (31 สิงหาคม 2566): ครบ 70.0% (700 จาก 1,000 แห่ง)"


def test_no_status_data():
    p = pace(_trend({}), START, DEADLINE, 1000, None, today=date(2023, 7, 1))
    assert p.current == 0 and p.projected == 0 and not p.final
    assert pace_text(p, "en") == "No status data yet"


def test_pace_sentence_says_whether_the_deadline_will_be_met():
    as_of = date(2023, 7, 31)
    p = pace(_linear(date(2023, 7, 1), as_of, 10), START, DEADLINE, 1000, as_of, today=as_of)
    assert pace_text(p, "en") == ("At this pace (10.0 LAOs a day over the last 14 days): 62.0% by the deadline"
                                  " — ✗ will not finish in time")
    assert pace_text(p, "th", thai_digits=True).startswith("ถ้ายังคงอัตราปัจจุบัน (๑๐.๐ แห่งต่อวัน")
    assert needed_text(p, "en") == "22.3 LAOs a day are needed to finish in time"


def test_pace_figure_is_small_and_draws_the_needed_and_projected_lines():
    as_of = date(2023, 7, 31)
    trend = _linear(date(2023, 7, 1), as_of, 10)
    p = pace(trend, START, DEADLINE, 1000, as_of, today=as_of)
    figure = pace_figure(trend, p, "th", thai_digits=True)
    needed, actual, projected = figure.data
    assert list(needed.y) == [0, 1000] and list(needed.x) == [START.isoformat(), DEADLINE.isoformat()]
    assert list(projected.y) == [310, 620]
    assert actual.y[-1] == 310
    assert "๑,๐๐๐" in figure.layout.yaxis.ticktext
    assert len(pio.to_json(figure, validate=False)) < 6_000
    json.loads(pio.to_json(figure, validate=False))  # serialisable


def test_past_deadline_figure_has_no_projection():
    trend = _trend({date(2023, 8, 1): 100, DEADLINE: 640})
    p = pace(trend, START, DEADLINE, 1000, DEADLINE + timedelta(days=3), today=date(2024, 1, 1))
    assert len(pace_figure(trend, p).data) == 2


def test_figure_without_status_data_shows_only_the_needed_pace():
    empty = pd.DataFrame(columns=["day", "complete", "cells_certified"])
    p = pace(empty, START, DEADLINE, 1000, None, today=START)
    figure = pace_figure(empty, p, "en")
    assert [trace.name for trace in figure.data] == ["Pace needed to finish by the deadline"]
