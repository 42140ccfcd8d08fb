"""A past fiscal year (its 30 September gone by) shows the campaign as closed and its final figures, on the three
pages; between the deadline and the end of the fiscal year the pages still count the days overdue."""

import json
import subprocess
import sys
from datetime import date

import pytest

from components.i18n import format_date, t
from tests.app.helpers import open_app


def _final_as_of(year: int) -> date:
    out = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(year),
                          "--format", "json"], capture_output=True, text=True, check=True)
    return date.fromisoformat(json.loads(out.stdout)["as_of"])


def _texts(at) -> list[str]:
    return [e.value for e in (*at.markdown, *at.caption)] + [m.proto.help for m in at.metric]


def _lao_of_chiang_mai(url: str) -> str:
    from sqlalchemy import text

    from data_access.db import engine

    with engine(url).connect() as conn:
        return conn.execute(text("SELECT MIN(code) FROM lao WHERE fiscal_year = 2566 AND province_code = '50'")
                            ).scalar()


@pytest.mark.parametrize("year", [2565, 2566])
def test_the_overview_of_a_past_year_says_closed_with_its_final_figures(demo_env, year):
    at = open_app(fy=str(year))  # INFO_TODAY=2026-11-26: both years ended long ago
    assert not at.exception
    headline = next(m.value for m in at.markdown if m.value.startswith("## "))
    assert headline.endswith(t("closed"))  # "ปิดรับข้อมูลแล้ว"
    final = f"{t('final_as_of')} {format_date(_final_as_of(year))}"
    assert any(final in c.value for c in at.caption)
    assert not any("เลยกำหนด" in text for text in _texts(at))


def test_the_province_page_of_a_past_year_says_closed(demo_env):
    at = open_app("app_pages/province.py", province="50", fy="2566")
    assert not at.exception
    card = next(m for m in at.metric if m.label == t("deadline"))
    assert card.value == t("closed")
    assert f"{t('final_as_of')} {format_date(_final_as_of(2566))}" in card.proto.help
    assert t("closed") in at.caption[0].value and t("final_as_of") in at.caption[0].value
    assert not any("เลยกำหนด" in text for text in _texts(at))


def test_the_lao_page_of_a_past_year_says_closed_in_english(demo_env):
    at = open_app("app_pages/lao.py", lao=_lao_of_chiang_mai(demo_env), fy="2566", lang="en")
    assert not at.exception
    card = next(m for m in at.metric if m.label == "Deadline")
    assert card.value == "Closed"
    assert f"Final figures as of {format_date(_final_as_of(2566), 'en')}" in card.proto.help
    assert not any("overdue" in text for text in _texts(at))


@pytest.mark.parametrize("today, closed", [("2023-09-30", False), ("2023-10-01", True)])
def test_the_campaign_closes_when_the_fiscal_year_ends_not_at_the_deadline(demo_env, monkeypatch, today, closed):
    monkeypatch.setenv("INFO_TODAY", today)
    for page, query in ((None, {}), ("app_pages/province.py", {"province": "50"})):
        at = open_app(page, fy="2566", **query)
        assert not at.exception
        texts = _texts(at)
        assert any(t("closed") in text for text in texts) == closed, (page, today)
        assert any("เลยกำหนด 30 วัน" in text for text in texts) != closed, (page, today)


def test_the_current_year_still_counts_down(demo_env):
    at = open_app()  # FY2570 on 2026-11-26
    assert not at.exception
    assert not any(t("closed") in text for text in _texts(at))
    assert any("เหลือเวลาอีก 278 วัน" in text for text in _texts(at))
