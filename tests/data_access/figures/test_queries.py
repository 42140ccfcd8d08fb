"""LAO-level reads on both databases: the search, the province grid (equal to the figures), one LAO."""

import pytest
from sqlalchemy import event, func, select

from data_access.figures import queries
from data_access.db import engine as make_engine
from data_access.db import init_db
from data_access.demo import seed_demo
from data_access.figures import group_counts, snapshots, summary
from data_access.models import Lao
from data_access.figures.queries import COMPLETE, IN_PROGRESS, NOT_STARTED_STATE
from data_access.access.scope import Scope
from tests.conftest import PINNED_TODAY
from tests.data_access.figures import drill_fixture
from tests.data_access.figures.drill_fixture import YEAR

ALL = Scope.national()


@pytest.fixture
def small(eng):
    return drill_fixture.build(eng)


def _codes(frame) -> list[str]:
    return frame["code"].tolist()


# --- search ------------------------------------------------------------------------------------------------------

def test_same_named_laos_come_with_what_tells_them_apart(eng, small):
    hits = queries.search_laos(eng, YEAR, ALL, "หนองบัว")
    assert sorted(_codes(hits)) == ["5300101", "6500101", "6500202"]
    places = {(h.type, h.district_name_th, h.province_name_th) for h in hits.itertuples()}
    assert len(places) == 3  # type, district and province differ: the user can tell them apart
    assert set(hits["province_name_th"]) == {"เชียงใหม่", "นครราชสีมา"}
    # a fragment finds them too; exact names come before names that merely contain the text
    assert set(_codes(queries.search_laos(eng, YEAR, ALL, "บัว"))) == {"5300101", "6500101", "6500202"}
    partial = queries.search_laos(eng, YEAR, ALL, "บ้าน")
    assert set(_codes(partial)) == {"6500104", "6500105", "6500106"}


def test_a_leading_type_narrows_the_search(eng, small):
    assert sorted(_codes(queries.search_laos(eng, YEAR, ALL, "อบต.หนองบัว"))) == ["6500101", "6500202"]
    assert _codes(queries.search_laos(eng, YEAR, ALL, "ทต. หนองบัว")) == ["5300101"]
    assert _codes(queries.search_laos(eng, YEAR, ALL, "เทศบาลตำบลหนองบัว")) == ["5300101"]


def test_codes_are_found_by_prefix_in_either_digits(eng, small):
    assert _codes(queries.search_laos(eng, YEAR, ALL, "6500101")) == ["6500101"]
    assert set(_codes(queries.search_laos(eng, YEAR, ALL, "65001"))) == {"6500101", "6500103", "6500104", "6500105",
                                                                     "6500106"}
    assert _codes(queries.search_laos(eng, YEAR, ALL, "๖๕๐๐๑๐๑")) == ["6500101"]  # Thai digits
    assert _codes(queries.search_laos(eng, YEAR, ALL, "  2500 ")) == ["2500101"]
    assert queries.search_laos(eng, YEAR, ALL, "9999").empty


@pytest.mark.parametrize("text, expected", [
    ("%", ["6500104"]),  # only the name that really holds a %
    ("_", ["6500104"]),
    ("50%_", ["6500104"]),
    ("\\", ["6500104"]),
    ("ลด\\พ", ["6500104"]),
    ("%%", []),
    ("_หนอง", []),
    ("'; DROP TABLE lao; --", []),
    ("' OR '1'='1", []),
    ('"', ["6500103"]),
    ("=HYPERLINK", ["6500103"]),
])
def test_hostile_text_is_matched_literally(eng, small, text, expected):
    assert _codes(queries.search_laos(eng, YEAR, ALL, text)) == expected
    with eng.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Lao)) == len(drill_fixture.LAOS)  # table intact


def test_search_limits_and_empty_input(eng, small):
    assert queries.search_laos(eng, YEAR, ALL, "").empty
    assert queries.search_laos(eng, YEAR, ALL, "   ").empty
    assert queries.search_laos(eng, YEAR, ALL, None).empty
    assert len(queries.search_laos(eng, YEAR, ALL, "หนองบัว", limit=2)) == 2
    assert queries.search_laos(eng, YEAR + 1, ALL, "หนองบัว").empty  # another year's registry
    assert _codes(queries.search_laos(eng, YEAR, Scope.of("30"), "หนองบัว")) == ["5300101"]
    assert list(queries.search_laos(eng, YEAR, ALL, "หนองบัว").columns) == queries.SEARCH_COLUMNS


# --- the province grid ---------------------------------------------------------------------------------------------

def test_grid_pivots_the_latest_snapshot(eng, small):
    grid = queries.lao_grid(eng, YEAR, Scope.of("50"))
    assert len(grid) == 7 and "5300101" not in set(grid["code"])
    by_code = grid.set_index("code")
    assert by_code.loc["6500101", "state"] == COMPLETE
    assert by_code.loc["6500105", "state"] == IN_PROGRESS and by_code.loc["6500105", "missing"] == (8,)
    assert by_code.loc["6500104", "state"] == NOT_STARTED_STATE  # an explicit status-0 row is not a start
    assert by_code.loc["6500106", "state"] == NOT_STARTED_STATE  # no rows at all
    assert by_code.loc["6500202", ["d1", "d4", "d5", "d6"]].tolist() == [3, 1, 2, 0]
    assert by_code.loc["6500202", "missing"] == (4, 5, 6, 7, 8)
    assert by_code.loc["6500202", "certified"] == 3
    assert by_code.loc["6500101", "last_activity"].day == 14  # domain 8 certified on 2023-08-14
    assert grid["last_activity"].isna().sum() == 2  # nothing ever recorded: no date
    # least complete first
    assert list(grid["certified"]) == sorted(grid["certified"])
    assert grid["state"].iloc[0] == NOT_STARTED_STATE and grid["state"].iloc[-1] == COMPLETE
    # counts equal the figures
    counts = queries.grid_counts(grid)
    figures = group_counts(eng, YEAR, Scope.of("50")).iloc[0]
    assert counts == {k: int(figures[k]) for k in ("laos", "complete", "in_progress", "not_started",
                                                   "cells_certified")}
    assert counts == {"laos": 7, "complete": 2, "in_progress": 3, "not_started": 2, "cells_certified": 26}


def test_grid_reads_a_given_snapshot_and_breaks_as_of_ties_by_import(eng, small):
    older = queries.lao_grid(eng, YEAR, Scope.of("50"), small["older"])
    assert queries.grid_counts(older)["cells_certified"] == 1
    latest = queries.lao_grid(eng, YEAR, Scope.of("50"))
    assert snapshots(eng, YEAR)[0].id == small["latest"]  # the tie goes to the last imported
    assert queries.grid_counts(latest) == queries.grid_counts(queries.lao_grid(eng, YEAR, Scope.of("50"),
                                                                                small["latest"]))
    assert queries.grid_counts(queries.lao_grid(eng, YEAR, Scope.of("50"), small["tie_first"])) == \
        queries.grid_counts(older)


def test_grid_without_any_snapshot_has_every_lao_not_started(eng):
    with eng.begin() as conn:
        from data_access.fiscal_years import ensure_fiscal_year
        ensure_fiscal_year(conn, YEAR)
        conn.execute(Lao.__table__.insert().values(fiscal_year=YEAR, code="6500101", name_th="ก", type="อบต.",
                                                   province_code="50", district_name_th="x"))
    grid = queries.lao_grid(eng, YEAR, Scope.of("50"))
    assert grid["state"].tolist() == [NOT_STARTED_STATE] and grid["missing"].iloc[0] == tuple(range(1, 9))
    assert queries.lao_grid(eng, YEAR, Scope.of("30")).empty


def test_grid_equals_group_counts_on_the_demo_data(eng):
    seed_demo(eng, seed=1, today=PINNED_TODAY)
    for province in ("30", "50", "20", "96"):
        grid = queries.lao_grid(eng, 2566, Scope.of(province))
        s = summary(eng, 2566, Scope.of(province), PINNED_TODAY).national
        assert queries.grid_counts(grid) == {"laos": s.laos, "complete": s.complete, "in_progress": s.in_progress,
                                             "not_started": s.not_started, "cells_certified": s.cells_certified}
        districts = group_counts(eng, 2566, Scope.of(province), ("district_code", "district_name_th"))
        pivot = grid.groupby("district_name_th")["state"].value_counts().unstack(fill_value=0)
        for d in districts.itertuples():
            assert int(pivot.loc[d.district_name_th].get(COMPLETE, 0)) == d.complete, d.district_name_th
            assert int(pivot.loc[d.district_name_th].sum()) == d.laos
    # the previous snapshot too
    previous = snapshots(eng, 2566)[1].id
    grid = queries.lao_grid(eng, 2566, Scope.of("30"), previous)
    before = group_counts(eng, 2566, Scope.of("30"), (), previous).iloc[0]
    assert queries.grid_counts(grid)["complete"] == before["complete"]


def test_search_on_the_national_registry_puts_exact_names_first(eng):
    """(Its speed is measured by `python -m bench.page_bench`, not here.)"""
    seed_demo(eng, seed=1, today=PINNED_TODAY)
    hits = queries.search_laos(eng, 2566, ALL, "หนองบัว")
    assert len(hits) == 20 and (hits["name_th"] == "หนองบัว").all()  # exact names first
    assert len({(h.type, h.district_name_th, h.province_name_th) for h in hits.itertuples()}) == len(hits)


def test_a_national_search_reads_the_table_not_the_province_index(tmp_path):
    """SQLite walks ix_lao_fy_province for `fiscal_year = ?` and then fetches every LAO of the year by id: 5× the
    work of reading the table at 10× the registry. A province scope keeps that index: it narrows the read.
    SQLite only: it is SQLite's planner that needs the nudge (PostgreSQL chooses by its statistics)."""
    eng = make_engine(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    init_db(eng)
    drill_fixture.build(eng)
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if "FROM lao JOIN province" in statement:
            statements.append((statement, parameters))

    event.listen(eng, "before_cursor_execute", remember)
    try:
        queries.search_laos(eng, YEAR, ALL, "หนอง")
        queries.search_laos(eng, YEAR, ALL, "65001")
        queries.search_laos(eng, YEAR, Scope.of("50"), "หนอง")
    finally:
        event.remove(eng, "before_cursor_execute", remember)
    assert len(statements) == 3
    with eng.connect() as conn:
        plans = [" / ".join(row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
                 for sql, params in statements]
    assert "ix_lao_fy_province" not in plans[0] and "SCAN lao" in plans[0], plans[0]
    assert "ix_lao_fy_province" not in plans[1] and "SCAN lao" in plans[1], plans[1]
    assert "ix_lao_fy_province" in plans[2], plans[2]


def test_lao_detail_statuses_and_timeline(eng, small):
    detail = queries.lao_detail(eng, YEAR, ALL, "6500202")
    assert (detail.name_th, detail.type, detail.province_code, detail.province_name_th) == \
        ("หนองบัว", "อบต.", "50", "เชียงใหม่")
    assert detail.district_name_th and detail.district_code.startswith("50")
    assert queries.lao_detail(eng, YEAR, ALL, "0000000") is None
    assert queries.lao_detail(eng, YEAR, ALL, "'; DROP TABLE lao; --") is None
    assert queries.lao_detail(eng, YEAR + 1, ALL, "6500202") is None

    statuses = queries.lao_statuses(eng, YEAR, ALL, "6500202")
    assert statuses["code"].tolist() == list(range(1, 9))
    assert statuses["status"].tolist() == [3, 3, 3, 1, 2, 0, 0, 0]
    assert statuses.loc[0, "certified_by"] == drill_fixture.CERTIFIER
    assert statuses.loc[3, "recorded_at"].day == 5 and statuses["certified_at"].notna().sum() == 3
    older = queries.lao_statuses(eng, YEAR, ALL, "6500101", small["older"])
    assert older["status"].tolist() == [3, 1, 0, 0, 0, 0, 0, 0]
    nothing = queries.lao_statuses(eng, YEAR, ALL, "6500106")
    assert nothing["status"].tolist() == [0] * 8 and nothing["recorded_at"].isna().all()

    timeline = queries.lao_timeline(statuses)
    assert len(timeline) == 3 * 3 + 1 + 2  # three certified (3 events each), one recorded, one updated (2)
    assert timeline["at"].is_monotonic_increasing
    assert set(timeline["event"]) == {"recorded", "updated", "certified"}
    assert timeline[timeline["event"] == "certified"]["certified_by"].eq(drill_fixture.CERTIFIER).all()
    assert queries.lao_timeline(nothing).empty

    assert queries.lao_years(eng, ALL, "6500202") == [YEAR]
    assert queries.lao_exists(eng, YEAR, ALL, "6500202") and not queries.lao_exists(eng, YEAR, ALL, "6500999")


def test_search_text_helpers():
    assert queries.normalise_search_text("  หนอง   บัว ") == "หนอง บัว"
    assert queries.normalise_search_text("๖๕๐") == "650"
    assert queries.split_type_prefix("อบต.หนองบัว") == ("อบต.", "หนองบัว")
    assert queries.split_type_prefix("ทม. บ้านใหม่") == ("เทศบาลเมือง", "บ้านใหม่")
    assert queries.split_type_prefix("องค์การบริหารส่วนตำบลหนองบัว") == ("อบต.", "หนองบัว")
    assert queries.split_type_prefix("อบต.") == (None, "อบต.")  # a type alone is a name fragment
    assert queries.split_type_prefix("หนองบัว") == (None, "หนองบัว")
