from datetime import date, datetime

import pandas as pd

from components.lao_card import timeline_figure


def _timeline() -> pd.DataFrame:
    return pd.DataFrame([
        {"at": datetime(2023, 5, 2, 9, 30), "domain": 1, "name_th": "ข้อมูลทั่วไป", "name_en": "General",
         "event": "recorded", "certified_by": None},
        {"at": datetime(2023, 6, 9, 14, 0), "domain": 1, "name_th": "ข้อมูลทั่วไป", "name_en": "General",
         "event": "certified", "certified_by": "นายก"},
    ])


def test_deadline_and_as_of_are_lines_with_labels_on_their_days():
    figure = timeline_figure(_timeline(), "th", date(2023, 8, 31), date(2023, 8, 15), [1, 2])
    deadline_ms = pd.Timestamp(date(2023, 8, 31)).timestamp() * 1000
    as_of_ms = pd.Timestamp(date(2023, 8, 15)).timestamp() * 1000
    assert [(s.x0, s.x1, s.line.dash) for s in figure.layout.shapes] == [
        (deadline_ms, deadline_ms, "dash"), (as_of_ms, as_of_ms, "dot")]
    assert [(a.x, a.text) for a in figure.layout.annotations] == [
        (deadline_ms, "กำหนดส่ง 31 ส.ค. 66"), (as_of_ms, "ข้อมูล ณ วันที่ 15 ส.ค. 66")]
    assert list(figure.layout.yaxis.categoryarray) == ["ด้าน 1", "ด้าน 2"]


def test_without_a_snapshot_only_the_deadline_is_drawn():
    figure = timeline_figure(_timeline(), "en", date(2023, 8, 31), None, [1])
    assert len(figure.layout.shapes) == 1 and figure.layout.annotations[0].text.startswith("Deadline")
