import plotly.io as pio

from components.rankings import (
    STATUS_PATTERN, domain_figure, province_query, province_ranking, province_url, ranking_label, ranking_table,
    type_table,
)


def _province(code: str, complete: int, laos: int = 100) -> dict:
    return {"code": code, "name_th": f"จังหวัด{code}", "name_en": f"Province {code}", "laos": laos,
            "complete": complete, "in_progress": 0, "not_started": laos - complete, "cells": laos * 8,
            "cells_certified": 0, "completion_rate": complete / laos}


def test_76_provinces_ranked_with_top_and_bottom_ten_marked():
    provinces = [_province(f"{10 + i}", i) for i in range(1, 77)]
    ranking = province_ranking(provinces)
    assert ranking["code"].iloc[0] == "86" and ranking["code"].iloc[-1] == "11"
    assert list(ranking["rank"][:3]) == [1, 2, 3]
    assert (ranking["group"] == "top").sum() == 10 and (ranking["group"] == "bottom").sum() == 10
    assert set(ranking["group"][:10]) == {"top"} and set(ranking["group"][-10:]) == {"bottom"}


def test_ties_share_a_rank():
    ranking = province_ranking([_province("50", 50), _province("51", 50), _province("52", 20)])
    assert list(ranking["rank"]) == [1, 1, 3]
    assert set(ranking["group"]) == {""}  # too few provinces for a top and a bottom ten


def test_links_keep_the_view():
    assert province_query("50", 2566, "en", True) == {"province": "50", "fy": "2566", "lang": "en", "digits": "1"}
    assert province_url("50", 2566, "th", False) == "/province?province=50&fy=2566&lang=th&digits=0"
    assert province_url("50", 2566, "th", False, "/info/") == "/info/province?province=50&fy=2566&lang=th&digits=0"


def test_ranking_label_and_table_not_by_colour_alone():
    ranking = province_ranking([_province(f"{10 + i}", i) for i in range(1, 77)])
    assert ranking_label(ranking.iloc[0], "th") == "1. จังหวัด86 — 76.0% (76/100)"
    assert ranking_label(ranking.iloc[0], "en", thai_digits=True) == "๑. Province 86 — ๗๖.๐% (๗๖/๑๐๐)"
    table = ranking_table(ranking, 2566, "en", False)
    assert list(table.columns) == ["rank", "name", "link", "pct", "counts", "mark"]
    assert table["mark"].iloc[0].startswith("▲") and table["mark"].iloc[-1].startswith("▼")
    assert table["mark"].iloc[10] == ""
    assert table["link"].iloc[0] == "/province?province=86&fy=2566&lang=en&digits=0"
    assert table["pct"].iloc[0] == 76.0


def test_type_table_best_first_with_english_names():
    types = [{"type": "อบต.", "laos": 10, "complete": 2, "in_progress": 5, "not_started": 3},
             {"type": "อบจ.", "laos": 4, "complete": 3, "in_progress": 1, "not_started": 0}]
    table = type_table(types, "en")
    assert list(table["type"]) == ["Provincial administrative organisation", "Subdistrict administrative organisation"]
    assert list(table["pct"]) == ["75.0%", "20.0%"]
    assert list(table["counts"]) == ["3/4", "2/10"]
    assert list(type_table(types, "th")["type"]) == ["อบจ.", "อบต."]


def test_domain_bars_have_a_pattern_and_a_label_per_status():
    domains = [{"code": c, "name_th": f"ด้าน{c}", "certified": 10 * c, "updated": 5, "recorded": 5,
                "not_started": 100 - 10 * c - 10} for c in range(1, 9)]
    figure = domain_figure(domains, {c: f"Domain {c}" for c in range(1, 9)}, "en")
    assert [trace.name for trace in figure.data] == ["Certified", "Updated", "Recorded", "Not started"]
    assert len({trace.marker.pattern.shape for trace in figure.data}) == 4 == len(set(STATUS_PATTERN.values()))
    certified = figure.data[0]
    assert list(certified.y)[0] == "1"  # the most behind on top
    assert certified.x[0] == 10.0 and certified.text[0] == "10%"
    assert [a.text for a in figure.layout.annotations][0] == "1. Domain 1"
    assert len(pio.to_json(figure, validate=False)) < 6_000
