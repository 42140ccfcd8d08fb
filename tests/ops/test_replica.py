"""Graceful stop (issue 12): SIGTERM to a replica lets the page run in flight finish, then the replica exits 0.
Plain `streamlit run` is the control: the same signal at the same moment cuts the run off."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.load_test import ws_page_load
from deploy.cluster import free_port, wait_healthy
from ops.replica import drain_then

ROOT = Path(__file__).resolve().parents[2]


def _start(command: list[str], database: Path, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", INFO_REPLICA="replica-t", INFO_TODAY="2026-11-26")
    process = subprocess.Popen([*command, "--server.port", str(port), "--server.address", "127.0.0.1",
                                "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                               cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    wait_healthy(f"http://127.0.0.1:{port}", process)
    return process, port


def _load_and_signal(process: subprocess.Popen, port: int) -> str | None:
    """A cold overview load (over a second of script), with SIGTERM sent as soon as the script starts drawing."""
    sent = []

    def on_message(kind: str) -> None:
        if kind == "delta" and not sent:
            os.killpg(process.pid, signal.SIGTERM)
            sent.append(kind)

    async def load():
        try:
            error, _ = await asyncio.wait_for(ws_page_load(port, "/", "", "fy=2566", on_message), 60)
        except Exception as exc:  # the connection closed under the page
            error = f"{type(exc).__name__}"
        return error

    # In a thread of its own: Playwright's sync API (browser tests in this worker) keeps an event loop running here.
    with ThreadPoolExecutor(1) as pool:
        error = pool.submit(lambda: asyncio.run(load())).result()
    assert sent, "the signal was sent while the script ran"
    return error


@pytest.fixture
def demo_copy(demo_db_path, tmp_path):
    import shutil

    return Path(shutil.copy(demo_db_path, tmp_path / "demo.sqlite"))


def test_sigterm_lets_the_running_page_finish_then_exits(demo_copy, tmp_path):
    log = tmp_path / "replica.log"
    process, port = _start([sys.executable, "-m", "ops.replica"], demo_copy, log)
    try:
        error = _load_and_signal(process, port)
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert error is None, f"the page was cut off: {error}"
    assert code == 0
    lines = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    runs = [x for x in lines if "page" in x]
    stop = [x for x in lines if x.get("event") == "stop"]
    assert [x["outcome"] for x in runs] == ["ok"] and runs[0]["page"] == "overview"
    assert stop and stop[0]["runs_at_signal"] == 1 and stop[0]["runs_cut"] == 0, stop


def test_control_plain_streamlit_cuts_the_running_page(demo_copy, tmp_path):
    process, port = _start([sys.executable, "-m", "streamlit", "run", "dashboard.py"], demo_copy,
                           tmp_path / "plain.log")
    try:
        error = _load_and_signal(process, port)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert error is not None, "without the graceful stop the run does not finish"


class _Runs:
    """In-flight counts on a timeline: [(from_second, count), …] relative to the first call."""

    def __init__(self, timeline):
        self.timeline, self.start = timeline, None

    def __call__(self) -> int:
        if self.start is None:
            self.start = time.monotonic()
        elapsed = time.monotonic() - self.start
        return [count for at, count in self.timeline if at <= elapsed][-1]


def _drain(timeline, grace=5.0):
    stopped = []
    runs = _Runs(timeline)
    seen = drain_then(lambda: stopped.append(time.monotonic()), grace, poll=0.01, quiet=0.3, running=runs)
    return seen, stopped[0] - runs.start


def test_the_stop_waits_out_the_gap_between_a_run_and_its_rerun():
    # One run until 0.2 s, nothing for 0.15 s (st.rerun's gap), the next run until 0.6 s.
    seen, stopped_at = _drain([(0, 1), (0.2, 0), (0.35, 1), (0.6, 0)])
    assert seen["runs_at_signal"] == 1 and seen["runs_cut"] == 0
    assert stopped_at >= 0.6 + 0.3, stopped_at


def test_the_stop_comes_a_quiet_spell_after_the_last_run_not_at_the_first_zero():
    seen, stopped_at = _drain([(0, 1), (0.1, 0)])
    assert 0.1 + 0.3 <= stopped_at < 2.0 and seen["runs_cut"] == 0


def test_a_run_that_never_ends_is_cut_at_the_grace():
    seen, stopped_at = _drain([(0, 1)], grace=0.5)
    assert 0.5 <= stopped_at < 1.5 and seen["runs_cut"] == 1
