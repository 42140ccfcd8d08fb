"""Graceful stop (issue 12): SIGTERM to a replica lets the page run in flight finish, then the replica exits 0.
Plain `streamlit run` is the control: the same signal at the same moment cuts the run off."""

import asyncio
import json
import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.load_test import ws_page_load
from deploy.cluster import free_port, wait_healthy

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
