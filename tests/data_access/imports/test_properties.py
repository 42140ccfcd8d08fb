"""Property-based: any valid export gives figures equal to a direct recount of the file; any corruption of it is
refused as a whole and leaves the database unchanged."""

import itertools
import uuid
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_access.db import engine as make_engine
from data_access.figures import summary
from data_access.imports.problems import ImportRejected
from data_access.imports.registry_import import import_registry
from data_access.access.scope import Scope
from data_access.imports.status_import import import_status
from tests.support.registry_file import coverage_rows, real_registry_records, write_registry_csv
from tests.support.status_file import database_state, write_status_csv

AS_OF = date(2023, 8, 31)
START = date(2023, 7, 1)
CODES = [r["dlaCode"] for r in real_registry_records()[:12]]
STATUS_TH = ("ยังไม่บันทึก", "บันทึกแล้ว", "ปรับปรุงแล้ว", "รับรองแล้ว")
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _be(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


@st.composite
def cells(draw):
    """A valid row for one (LAO, domain): a status and consistent dates, or no row at all."""
    status = draw(st.sampled_from([None, 0, 1, 2, 3]))
    if status is None:
        return None
    offsets = sorted(draw(st.lists(st.integers(0, (AS_OF - START).days), min_size=3, max_size=3)))
    recorded, updated, certified = (START + timedelta(days=o) for o in offsets)
    with_update = status >= 2 and draw(st.booleans())
    return [STATUS_TH[status], _be(recorded) if status >= 1 else "", _be(updated) if with_update else "",
            _be(certified) if status == 3 else "", "ผู้ทดสอบ" if status == 3 else ""]


@st.composite
def exports(draw):
    grid = {(code, d): draw(cells()) for code, d in itertools.product(CODES, range(1, 9))}
    rows = [[code, d, *cell] for (code, d), cell in grid.items() if cell is not None]
    draw(st.randoms()).shuffle(rows)
    return rows


def recount(rows) -> dict:
    status = {(r[0], r[1]): STATUS_TH.index(r[2]) for r in rows}
    per_lao = {c: [status.get((c, d), 0) for d in range(1, 9)] for c in CODES}
    complete = sum(all(s == 3 for s in v) for v in per_lao.values())
    not_started = sum(all(s == 0 for s in v) for v in per_lao.values())
    return dict(laos=len(CODES), complete=complete, not_started=not_started,
                in_progress=len(CODES) - complete - not_started, cells=len(CODES) * 8,
                cells_certified=sum(s == 3 for s in status.values()))


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("reg") / "registry.csv"
    return write_registry_csv(path, coverage_rows(real_registry_records()[:12], rows_per_lao=2))


def _fresh_db(tmp_path, registry_file):
    eng = make_engine(f"sqlite:///{tmp_path / f'{uuid.uuid4().hex}.sqlite'}")
    import_registry(eng, registry_file, 2566)
    return eng


@SETTINGS
@given(rows=exports())
def test_figures_equal_a_recount_of_the_file(tmp_path_factory, registry_file, rows):
    tmp = tmp_path_factory.mktemp("p")
    eng = _fresh_db(tmp, registry_file)
    if rows:
        import_status(eng, write_status_csv(tmp / "s.csv", rows), 2566, AS_OF)
    national = summary(eng, 2566, Scope.national(), AS_OF).national
    expected = recount(rows)
    assert {k: getattr(national, k) for k in expected} == expected
    assert national.completion_rate == expected["complete"] / expected["laos"]


CORRUPTIONS = {
    "unknown code": lambda r: r.__setitem__(0, "1234567"),
    "bad domain": lambda r: r.__setitem__(1, "ด้านอวกาศ"),
    "bad status": lambda r: r.__setitem__(2, "เสร็จ"),
    "impossible date": lambda r: r.__setitem__(3, "30/02/2566"),
    "date after as-of": lambda r: r.__setitem__(3, "01/09/2566"),
    "missing recorded date": lambda r: r.__setitem__(3, ""),
}


@SETTINGS
@given(rows=exports().filter(lambda rows: any(r[2] != STATUS_TH[0] for r in rows)),
       corruption=st.sampled_from(sorted(CORRUPTIONS)), pick=st.integers(0, 10_000),
       duplicate=st.booleans())
def test_any_corruption_is_refused_whole_and_changes_nothing(tmp_path_factory, registry_file, rows, corruption,
                                                             pick, duplicate):
    tmp = tmp_path_factory.mktemp("c")
    eng = _fresh_db(tmp, registry_file)
    started = [r for r in rows if r[2] != STATUS_TH[0]]
    victim = started[pick % len(started)]
    if duplicate:
        rows = rows + [list(victim)]
    else:
        CORRUPTIONS[corruption](victim)
    before = database_state(eng)
    with pytest.raises(ImportRejected) as caught:
        import_status(eng, write_status_csv(tmp / "bad.csv", rows), 2566, AS_OF)
    assert caught.value.problems and all(p.row is not None for p in caught.value.problems)
    assert database_state(eng) == before
