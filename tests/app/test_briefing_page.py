"""Briefing mode (`/briefing`), run through the real entry script against the demo database: its KPIs are
`summary`'s, its lists are the best and worst 10 as `summary` ranks them, `?province=` gives the province's
figures and districts, and a bad `?province=` gets a sentence. The PDF is offered for download."""

import json
import re
import subprocess
import sys

import pytest

from components.i18n import t
from components.rankings import province_ranking
from data_access import figures
from data_access.db import engine
from data_access.access.scope import Scope
from tests.app.helpers import open_app
from tests.app.rendered import assert_nothing_live_or_leaked
from tests.conftest import PINNED_TODAY

PAGE = "app_pages/briefing.py"


def _cli_summary(year: int, province: str | None = None) -> dict:
    args = ["--province", province] if province else []
    out = subprocess.run([sys.executable, "-m", "data_access", "summary", "--fiscal-year", str(year), *args,
                          "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _metrics(at, lang: str = "th") -> dict[str, tuple[str, str]]:
    labels = {t(key, lang): key for key in ("laos", "complete", "in_progress", "not_started", "rank")}
    labels[t("ov_cells_certified", lang)] = "cells_certified"
    return {labels[m.label]: (m.value, m.delta) for m in at.metric if m.label in labels}


def _assert_kpis_equal(at, expected: dict) -> None:
    n, shown = expected["national"], _metrics(at)
    assert _number(shown["laos"][0]) == n["laos"]
    assert _number(shown["complete"][0]) == n["complete"]
    assert shown["complete"][1] == f"{n['completion_rate'] * 100:.1f}%"
    assert _number(shown["in_progress"][0]) == n["in_progress"]
    assert _number(shown["not_started"][0]) == n["not_started"]
    assert shown["cells_certified"][0] == f"{n['cells_certified'] / n['cells'] * 100:.1f}%"


RANK_LINE = re.compile(r"^\d+\\\. ")  # `3\. name — …`: the dot escaped, so Markdown keeps the rank as written


def _list_under(at, heading: str) -> list[str]:
    """The lines of the ranking list under the subheader `heading` (▲ best 10 or ▼ worst 10)."""
    blocks = [m.value.split("  \n") for m in at.markdown
              if all(RANK_LINE.match(line) for line in m.value.split("  \n"))]
    headings = [s.value for s in at.subheader if s.value.startswith(("▲", "▼"))]
    return blocks[headings.index(heading)]


def test_national_briefing_kpis_and_rankings_equal_the_cli_summary(demo_env):
    at = open_app(PAGE, fy="2570")
    assert not at.exception
    expected = _cli_summary(2570)
    _assert_kpis_equal(at, expected)
    assert at.title[0].value == t("br_title_national", "th", fy=2570)
    assert any("เหลือเวลาอีก 278 วัน" in m.value for m in at.markdown)
    ranking = province_ranking(expected["provinces"])
    best = _list_under(at, t("ov_top10", "th"))
    assert [line.split(" — ")[0] for line in best] == [f"{r}\\. {name}" for r, name in
                                                       zip(ranking["rank"].head(10), ranking["name_th"].head(10))]
    worst = _list_under(at, t("ov_bottom10", "th"))
    assert len(worst) == 10 and worst[-1].split(" — ")[0].endswith(ranking["name_th"].iloc[-1])
    assert any(m.value.startswith("**ถ้ายังคงอัตราปัจจุบัน") for m in at.markdown)  # pace and projection
    assert len(at.get("plotly_chart")) == 3  # map, domains, pace
    assert_nothing_live_or_leaked(at)


def test_the_pdf_is_offered_for_download(demo_env):
    at = open_app(PAGE, fy="2566", lang="en")
    buttons = at.get("download_button")
    assert len(buttons) == 1
    assert buttons[0].proto.label == t("br_download", "en")
    assert buttons[0].proto.deferred_file_id  # built on click, not on every page load


def test_province_briefing_ranks_its_districts(demo_env):
    at = open_app(PAGE, fy="2566", province="50")
    assert not at.exception
    expected = _cli_summary(2566, "50")
    _assert_kpis_equal(at, expected)
    national = figures.summary(engine(), 2566, Scope.national(), PINNED_TODAY)
    rank = province_ranking(national.provinces).set_index("code").loc["50", "rank"]
    assert _metrics(at)["rank"][0] == str(rank)
    assert at.title[0].value == t("br_title_province", "th", fy=2566, name="เชียงใหม่")
    districts = figures.district_counts(engine(), 2566, Scope.of("50"))
    assert len(districts) > 20  # Chiang Mai has 25 districts: best and worst 10
    best = _list_under(at, t("br_top10_districts", "th"))
    top = districts.sort_values(["completion_rate", "complete", "district"], ascending=[False, False, True]).head(10)
    assert [line.split(" — ")[0].split("\\. ", 1)[1] for line in best] == list(top["name_th"])
    assert_nothing_live_or_leaked(at)


def test_province_briefing_in_english(demo_env):
    at = open_app(PAGE, fy="2570", province="50", lang="en")
    assert not at.exception
    shown, expected = _metrics(at, "en"), _cli_summary(2570, "50")["national"]
    assert (_number(shown["laos"][0]), _number(shown["complete"][0])) == (expected["laos"], expected["complete"])
    assert at.title[0].value == "INFO data, Chiang Mai, fiscal year 2570"
    assert "▲ Top 10 districts" in [s.value for s in at.subheader]


@pytest.mark.parametrize("value, says", [
    ("99", t("unknown_province", "th", code="99")),
    ("<img src=x onerror=alert(1)>", "ไม่พบจังหวัดรหัส"),
    ("10", t("br_no_laos", "th", fy=2566)),
])
def test_a_bad_province_gets_a_sentence_and_a_way_back(demo_env, value, says):
    at = open_app(PAGE, fy="2566", province=value)
    assert not at.exception
    assert any(says in w.value for w in at.warning)
    assert not at.metric  # no figures for what was not found
    assert any(link.proto.label == t("br_whole_country", "th") for link in at.get("page_link"))
    assert_nothing_live_or_leaked(at)


def test_the_overview_links_to_briefing_mode(demo_env):
    at = open_app(fy="2566")
    links = [link.proto for link in at.get("page_link")]
    assert any(link.label == t("br_open", "th") and link.page.endswith("briefing") for link in links)
