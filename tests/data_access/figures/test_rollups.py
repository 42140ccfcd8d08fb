"""The rollups give exactly the live figures: every public read, for every scope, fiscal year and snapshot, equals what
the live queries (the reference, used when a snapshot has no rollups) give. On both databases."""

import itertools
import random
import uuid
from datetime import date, timedelta

import pandas as pd
import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from sqlalchemy import func, inspect, select

from data_access.figures import counts as figures
from data_access.figures import rollups
from data_access.db import alembic_config, engine as make_engine, init_db, schema_is_current
from data_access.demo import seed_demo
from data_access.figures import (
    NO_SNAPSHOT, completion_trend, domain_counts, group_counts, province_figures, snapshots, summary,
)
from data_access.fiscal_years import ensure_fiscal_year
from data_access.geography import ensure_geography
from data_access.models import Lao, RollupDay, RollupDomain, RollupGroup, Snapshot
from data_access.imports.registry_import import import_registry
from data_access.access.scope import Scope
from data_access.imports.status_import import import_status
from tests.conftest import PINNED_TODAY
from tests.data_access.figures import drill_fixture
from tests.data_access.imports.test_properties import cells
from tests.support.registry_file import TYPE_LABELS, coverage_rows, real_registry_records, write_registry_csv
from tests.support.status_file import EN_HEADER, TH_HEADER, write_status_csv

BY = ((), ("province_code",), ("type",), ("province_code", "type"), ("type", "province_code"))
ROLLUP_TABLES = ("rollup_group", "rollup_domain", "rollup_day")


def _public(eng, year: int, scopes: list[Scope], by=BY, all_snapshots: bool = True) -> dict:
    """Every figure a page, the CLI or an export reads for this fiscal year: per scope, for the latest snapshot and
    (all_snapshots) each snapshot by id."""
    shots = [None, *(s.id for s in snapshots(eng, year))] if all_snapshots else [None]
    out = {}
    for scope in scopes:
        out[("summary", scope.key())] = summary(eng, year, scope, PINNED_TODAY)
        for sid in shots:
            for key in by:
                out[("groups", scope.key(), sid, key)] = group_counts(eng, year, scope, key, sid)
            out[("domains", scope.key(), sid)] = domain_counts(eng, year, scope, sid)
            out[("provinces", scope.key(), sid)] = province_figures(eng, year, scope, sid)
            out[("trend", scope.key(), sid)] = completion_trend(eng, year, scope, sid)
    return out


def _assert_same(got: dict, expected: dict) -> None:
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, pd.DataFrame):
            assert_frame_equal(got[key], value, check_exact=True, obj=str(key))
        else:
            assert got[key] == value, key


def _ready(eng, year: int) -> list[bool]:
    with eng.connect() as conn:
        ids = conn.scalars(select(Snapshot.id).where(Snapshot.fiscal_year == year)).all()
        return [figures._rollups_ready(conn, year, sid) for sid in ids]


def assert_rollups_agree(eng, year: int, scopes: list[Scope], **kwargs) -> None:
    """Rollups are present for every snapshot of `year` and every read equals the live reference."""
    assert all(_ready(eng, year)), "a snapshot has no rollups"
    with_rollups = _public(eng, year, scopes, **kwargs)
    with eng.begin() as conn:
        rollups.clear(conn, conn.scalars(select(Snapshot.id).where(Snapshot.fiscal_year == year)).all())
    assert not any(_ready(eng, year))
    live = _public(eng, year, scopes, **kwargs)  # readers fall back to the live queries
    with eng.begin() as conn:
        rollups.refresh_year(conn, year)
    _assert_same(with_rollups, live)
    assert all(_ready(eng, year))


def _rollup_state(eng) -> dict[str, list[tuple]]:
    state = {}
    with eng.connect() as conn:
        for model in (RollupGroup, RollupDomain, RollupDay):
            rows = conn.execute(select(model.__table__)).all()
            state[model.__tablename__] = sorted(tuple(r) for r in rows)
    return state


# Demo data: 3 fiscal years, 2 snapshots each, at the real scale.


def test_demo_data(eng):
    seed_demo(eng, seed=2, today=PINNED_TODAY)
    scopes = [Scope.national(), Scope.of("50"), Scope.of("10"), Scope.of("30", "96")]
    assert_rollups_agree(eng, 2566, scopes)
    assert_rollups_agree(eng, 2570, [Scope.national(), Scope.of("20")], by=BY[:3])
    assert_rollups_agree(eng, 2565, [Scope.national()], by=((),), all_snapshots=False)
    with eng.connect() as conn:  # O(provinces) rows per snapshot, not O(status rows)
        latest = figures._latest_snapshot_id(conn, 2566)
        counts = {m.__tablename__: conn.scalar(select(func.count()).select_from(m).where(m.snapshot_id == latest))
                  for m in (RollupGroup, RollupDomain, RollupDay)}
    assert 76 <= counts["rollup_group"] <= 76 * 6 and 76 <= counts["rollup_domain"] <= 76 * 8
    assert 76 <= counts["rollup_day"] <= 76 * 366
    # seeding again replaces the demo years: no rollups of deleted snapshots stay behind
    seed_demo(eng, seed=3, today=PINNED_TODAY)
    with eng.connect() as conn:
        snapshot_ids = set(conn.scalars(select(Snapshot.id)))
        for model in (RollupGroup, RollupDomain, RollupDay):
            assert set(conn.scalars(select(model.snapshot_id).distinct())) == snapshot_ids
    assert_rollups_agree(eng, 2566, [Scope.national(), Scope.of("50")], by=BY[:2], all_snapshots=False)


# The drill-down fixture: explicit not-started rows, an as-of tie, snapshots written without rollups.


def test_snapshots_without_rollups_fall_back_to_the_live_figures_and_can_be_rolled_up(eng):
    ids = drill_fixture.build(eng)  # inserts its snapshots directly, as another writer might
    scopes = [Scope.national(), Scope.of("50"), Scope.of("30"), Scope.of("10")]
    assert not any(_ready(eng, drill_fixture.YEAR))
    live = _public(eng, drill_fixture.YEAR, scopes)
    with eng.begin() as conn:
        for sid in ids.values():
            rollups.refresh_snapshot(conn, sid)
    assert all(_ready(eng, drill_fixture.YEAR))
    _assert_same(_public(eng, drill_fixture.YEAR, scopes), live)
    s = summary(eng, drill_fixture.YEAR, Scope.national(), PINNED_TODAY).national
    assert (s.laos, s.complete, s.not_started) == (8, 2, 3)
    # a snapshot of another fiscal year: the live answer (every LAO of this year not started), not its rollups
    with eng.begin() as conn:
        ensure_fiscal_year(conn, 2565)
        conn.execute(Lao.__table__.insert().values(fiscal_year=2565, code="6500101", name_th="ก", type="อบต.",
                                                   province_code="50", district_name_th="x"))
    with eng.connect() as conn:
        assert not figures._rollups_ready(conn, 2565, ids["latest"])
        for by in BY[:3]:
            assert figures._rollup_group_rows(conn, 2565, Scope.national(), by, ids["latest"]) == \
                figures._group_rows(conn, 2565, Scope.national(), by, ids["latest"])
        assert figures._rollup_domain_rows(conn, 2565, Scope.national(), ids["latest"]) == \
            figures._domain_rows(conn, 2565, Scope.national(), ids["latest"])


def test_no_snapshot_gives_the_registry_with_nothing_started(eng, registry_2566):
    scopes = [Scope.national(), Scope.of("50"), Scope.of("10")]
    with eng.connect() as conn:
        for scope, by in itertools.product(scopes, BY):
            assert figures._rollup_group_rows(conn, 2566, scope, by, NO_SNAPSHOT) == \
                figures._group_rows(conn, 2566, scope, by, NO_SNAPSHOT)
        for scope in scopes:
            assert figures._rollup_domain_rows(conn, 2566, scope, NO_SNAPSHOT) == \
                figures._domain_rows(conn, 2566, scope, NO_SNAPSHOT)
            assert_frame_equal(figures._cumulative(figures._rollup_trend_frame(conn, 2566, scope, NO_SNAPSHOT)),
                               figures._cumulative(figures._trend_frame(conn, 2566, scope, NO_SNAPSHOT)))
    s = summary(eng, 2566, Scope.national(), PINNED_TODAY)
    assert s.as_of is None and s.national.not_started == s.national.laos == len(registry_2566)


# Random valid imports: two snapshots (as-of ties included), then the registry re-imported with LAOs retyped, moved
# to another province and added, after statuses exist.

# LAOs from many provinces and of every type: the first of each (province, type) in the real registry.
_seen: set = set()
POOL = [r for r in real_registry_records() if (r["provinceCode"], r["type"]) not in _seen
        and not _seen.add((r["provinceCode"], r["type"]))][:40]
FIRST, LATER = POOL[:14], POOL[14:20]  # LATER: only in the re-imported registry
PROVINCES = sorted({r["provinceCode"] for r in POOL})
START, AS_OF = date(2023, 7, 1), date(2023, 8, 31)
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))


@st.composite
def exports(draw, codes):
    grid = {(code, d): draw(cells()) for code, d in itertools.product(codes, range(1, 9))}
    rows = [[code, d, *cell] for (code, d), cell in grid.items() if cell is not None]
    draw(st.randoms()).shuffle(rows)
    return rows


@st.composite
def registry_changes(draw):
    """The re-imported registry: some LAOs retyped or moved to another province, some new ones."""
    records = [dict(r) for r in FIRST]
    for r in records:
        if draw(st.integers(0, 3)) == 0:
            r["type"] = draw(st.sampled_from(sorted(TYPE_LABELS)))
        if draw(st.integers(0, 4)) == 0:
            r["provinceCode"] = draw(st.sampled_from(PROVINCES))  # its district name no longer matches: a warning
    return records + draw(st.lists(st.sampled_from(LATER), unique_by=lambda r: r["dlaCode"], max_size=len(LATER)))


@pytest.fixture(params=["sqlite", "postgresql"])
def new_db(request, tmp_path_factory):
    """Makes a fresh, migrated database per call (per hypothesis example)."""
    made = []
    server = request.getfixturevalue("postgres") if request.param == "postgresql" else None

    def make():
        if server is None:
            url = f"sqlite:///{tmp_path_factory.mktemp('r') / 'r.sqlite'}"
        else:
            url = server.create_database(f"r_{uuid.uuid4().hex[:12]}")
        eng = make_engine(url)
        init_db(eng)
        made.append(eng)
        return eng

    yield make
    for eng in made:
        eng.dispose()


def _scopes(codes_provinces) -> list[Scope]:
    present = sorted(set(codes_provinces))
    return [Scope.national(), Scope.of(present[0]), Scope.of(*present[1:3]), Scope.of("10")]


@SETTINGS
@given(first=exports([r["dlaCode"] for r in FIRST]), second=exports([r["dlaCode"] for r in FIRST]),
       tie=st.booleans(), changed=registry_changes())
def test_random_imports_and_a_registry_reimport(new_db, tmp_path_factory, first, second, tie, changed):
    eng = new_db()
    tmp = tmp_path_factory.mktemp("i")
    import_registry(eng, write_registry_csv(tmp / "r1.csv", coverage_rows(FIRST, rows_per_lao=1)), 2566)
    scopes = _scopes(r["provinceCode"] for r in FIRST)
    for n, rows in enumerate((first, second)):
        if not rows:
            rows = [[FIRST[0]["dlaCode"], 1, "ยังไม่บันทึก", "", "", "", ""]]
        as_of = AS_OF if (tie or n == 0) else AS_OF + timedelta(days=1)
        header = EN_HEADER if n else TH_HEADER  # never the same file twice (that would change nothing)
        import_status(eng, write_status_csv(tmp / f"s{n}.csv", rows, header), 2566, as_of, allow_regression=True)
    assert len(snapshots(eng, 2566)) == 2
    assert_rollups_agree(eng, 2566, scopes, by=BY[:4])
    before = summary(eng, 2566, Scope.national(), PINNED_TODAY)

    import_registry(eng, write_registry_csv(tmp / "r2.csv", coverage_rows(changed, rows_per_lao=1)), 2566)
    assert_rollups_agree(eng, 2566, _scopes(r["provinceCode"] for r in changed), by=BY[:4])
    after = summary(eng, 2566, Scope.national(), PINNED_TODAY)
    assert after.national.laos == len(changed)
    assert after.national.cells_certified == before.national.cells_certified


# Upgrading a database at revision 0001 that has data.


def _at_0001(db_url: str):
    eng = make_engine(db_url)
    command.upgrade(alembic_config(eng), "0001")
    with eng.begin() as conn:
        ensure_geography(conn)
    return eng


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> str:
    """A database with no schema at all."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.sqlite'}"
    return request.getfixturevalue("postgres").create_database(f"o_{uuid.uuid4().hex[:12]}")


def test_upgrade_from_0001_rolls_up_the_snapshots_already_there(empty_url):
    eng = _at_0001(empty_url)
    assert not schema_is_current(eng)
    ids = drill_fixture.build(eng)  # data written at revision 0001
    assert not set(ROLLUP_TABLES) & set(inspect(eng).get_table_names())
    init_db(eng)
    assert schema_is_current(eng) and all(_ready(eng, drill_fixture.YEAR))
    with eng.connect() as conn:
        assert set(conn.scalars(select(RollupGroup.snapshot_id).distinct())) == set(ids.values())
    assert_rollups_agree(eng, drill_fixture.YEAR, [Scope.national(), Scope.of("50"), Scope.of("30")])


def test_downgrade_and_upgrade_again_gives_the_same_figures(eng, tmp_path):
    """Real writers at head, back to 0001 (rollup tables dropped), then up: same rollups, same figures."""
    records = POOL[:10]
    import_registry(eng, write_registry_csv(tmp_path / "r.csv", coverage_rows(records, rows_per_lao=2)), 2566)
    rng = random.Random(7)
    for n in range(2):
        rows = []
        for r, d in itertools.product(records, range(1, 9)):
            status = rng.choice((0, 1, 2, 3, 3, 3, None))
            if status is None:
                continue
            rec, cert = START + timedelta(days=rng.randint(0, 20)), START + timedelta(days=rng.randint(21, 40))
            rows.append([r["dlaCode"], d, ("ยังไม่บันทึก", "บันทึกแล้ว", "ปรับปรุงแล้ว", "รับรองแล้ว")[status],
                         f"{rec:%d/%m}/{rec.year + 543}" if status else "", "",
                         f"{cert:%d/%m}/{cert.year + 543}" if status == 3 else "", ""])
        import_status(eng, write_status_csv(tmp_path / f"s{n}.csv", rows), 2566, AS_OF + timedelta(days=n),
                      allow_regression=True)
    scopes = _scopes(r["provinceCode"] for r in records)
    before, state = _public(eng, 2566, scopes, by=BY[:4]), _rollup_state(eng)
    assert all(len(rows) for rows in state.values())
    command.downgrade(alembic_config(eng), "0001")
    assert not set(ROLLUP_TABLES) & set(inspect(eng).get_table_names())
    init_db(eng)
    assert _rollup_state(eng) == state
    _assert_same(_public(eng, 2566, scopes, by=BY[:4]), before)
    assert_rollups_agree(eng, 2566, scopes, by=BY[:2])

