"""A status file that would undo certifications, or cover far fewer LAOs than the snapshot it follows, is refused
unless allowed; `snapshots withdraw` takes a wrong snapshot back. On SQLite and PostgreSQL."""

from datetime import date

import pytest

from data_access.access import audit
from data_access.figures import snapshots, summary
from data_access.access.scope import Scope
from data_access.admin.snapshots import SnapshotError, list_snapshots, withdraw
from data_access.imports.status_import import ImportWouldRegress, import_status
from tests.support.status_file import database_state, write_status_csv

AS_OF = date(2023, 8, 20)
TODAY = date(2023, 8, 31)


def _all_certified(codes):
    return [[code, d, "รับรองแล้ว", "01/08/2566", "", "15/08/2566", "นายทดสอบ"] for code in codes for d in range(1, 9)]


def _complete(eng) -> int:
    return summary(eng, 2566, Scope.national(), TODAY).national.complete


def test_a_partial_file_is_refused_and_says_what_would_change(eng, registry_2566, tmp_path):
    import_status(eng, write_status_csv(tmp_path / "full.csv", _all_certified(registry_2566)), 2566, AS_OF,
                  today=TODAY)
    n = len(registry_2566)
    assert _complete(eng) == n >= 5
    one = write_status_csv(tmp_path / "one.csv", [[registry_2566[0], 1, "ยังไม่บันทึก", "", "", "", ""]])
    before = database_state(eng)
    with pytest.raises(ImportWouldRegress) as caught:
        import_status(eng, one, 2566, date(2023, 8, 21), today=TODAY)
    impact = caught.value.impact
    assert (impact.complete_lost, impact.cells_regressed, impact.laos_regressed) == (n, 8 * n, n)
    assert (impact.covered, impact.laos, impact.covered_before) == (1, n, n)
    assert impact.sentence().startswith(f"{n} complete LAOs would no longer count as complete")
    assert f"the file covers 1 of {n} LAOs" in impact.sentence()
    assert database_state(eng) == before
    assert _complete(eng) == n

    allowed = import_status(eng, one, 2566, date(2023, 8, 21), today=TODAY, allow_regression=True, actor="op@x")
    assert _complete(eng) == 0
    [entry] = [e for e in audit.entries(eng) if e["target"] == f"snapshot {allowed.snapshot_id}"]
    assert entry["actor"] == "op@x" and "regression allowed" in entry["detail"]

    withdrawn = withdraw(eng, allowed.snapshot_id, "partial export by mistake", actor="op@x")
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_reason == "partial export by mistake"
    assert _complete(eng) == n, "the previous snapshot counts again"
    assert [s.id for s in snapshots(eng, 2566)] != [allowed.snapshot_id]
    assert {s.id for s in list_snapshots(eng, 2566)} >= {allowed.snapshot_id}, "kept, marked"
    assert audit.entries(eng, limit=1)[0]["action"] == "withdraw"
    with pytest.raises(SnapshotError, match="already withdrawn"):
        withdraw(eng, allowed.snapshot_id, "again", actor="op@x")
    with pytest.raises(SnapshotError, match="no snapshot"):
        withdraw(eng, 999_999, "nope", actor="op@x")
    with pytest.raises(SnapshotError, match="why"):
        withdraw(eng, allowed.snapshot_id, "  ", actor="op@x")
    again = import_status(eng, one, 2566, date(2023, 8, 21), today=TODAY)
    assert again.unchanged and again.withdrawn


def test_progress_and_the_first_snapshot_pass_and_a_dry_run_writes_nothing(eng, registry_2566, tmp_path):
    first = write_status_csv(tmp_path / "a.csv", [[registry_2566[0], 1, "บันทึกแล้ว", "01/08/2566", "", "", ""]])
    assert import_status(eng, first, 2566, AS_OF, today=TODAY).impact.baseline_id is None
    more = write_status_csv(tmp_path / "b.csv", _all_certified(registry_2566[:2]))
    before = database_state(eng)
    dry = import_status(eng, more, 2566, date(2023, 8, 21), today=TODAY, dry_run=True)
    assert dry.snapshot_id is None and database_state(eng) == before
    assert not dry.impact.regresses and dry.impact.complete_after == 2
    assert sum(dry.impact.newly_complete.values()) == 2
    assert import_status(eng, more, 2566, date(2023, 8, 21), today=TODAY).snapshot_id is not None
    assert _complete(eng) == 2


def test_an_older_file_is_compared_with_the_snapshot_before_it(eng, registry_2566, tmp_path):
    import_status(eng, write_status_csv(tmp_path / "new.csv", _all_certified(registry_2566)), 2566, AS_OF,
                  today=TODAY)
    older = write_status_csv(tmp_path / "old.csv", [[registry_2566[0], 1, "บันทึกแล้ว", "01/08/2566", "", "", ""]])
    # Nothing before 16 August: a back-filled older export changes no current figure and is not a regression.
    import_status(eng, older, 2566, date(2023, 8, 16), today=TODAY)
    assert _complete(eng) == len(registry_2566)


def test_a_file_covering_far_fewer_laos_is_refused_even_without_certified_cells(eng, registry_2566, tmp_path):
    recorded = [[code, 1, "บันทึกแล้ว", "01/08/2566", "", "", ""] for code in registry_2566]
    import_status(eng, write_status_csv(tmp_path / "all.csv", recorded), 2566, AS_OF, today=TODAY)
    few = write_status_csv(tmp_path / "few.csv", recorded[:2])
    with pytest.raises(ImportWouldRegress) as caught:
        import_status(eng, few, 2566, date(2023, 8, 21), today=TODAY)
    assert caught.value.impact.too_few_laos and caught.value.impact.cells_regressed == 0


def test_a_file_name_of_undecodable_bytes_is_recorded_as_text(eng, registry_2566, tmp_path):
    import os

    from data_access.admin.snapshots import list_snapshots

    path = write_status_csv(tmp_path / os.fsdecode(b"export-\xff\x00x.csv".replace(b"\x00", b"")),
                            [[registry_2566[0], 1, "บันทึกแล้ว", "01/08/2566", "", "", ""]])
    import_status(eng, path, 2566, AS_OF, today=TODAY)  # PostgreSQL refuses a surrogate: recorded cleaned
    [snapshot] = list_snapshots(eng, 2566)
    assert snapshot.source_name.startswith("export-") and snapshot.source_name.endswith("x.csv")
    assert snapshot.source_name.encode("utf-8")
