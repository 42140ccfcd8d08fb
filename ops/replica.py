"""One replica: `python -m ops.replica [streamlit options]` is `streamlit run dashboard.py [options]` whose SIGTERM
(and SIGINT) lets the page runs in flight finish before the server stops, so a restart or a scale-down does not
cut a user's page off half drawn. New page runs may still start while it waits; it stops when none has run for
half a second, or after INFO_STOP_GRACE_SECONDS (default 20) in any case. A second signal stops at once.

Streamlit stops on SIGTERM straight away (its handler calls Server.stop); the only way in is its handler's setup
function, which this wraps: Streamlit installs its handler, then ours replaces it for SIGTERM and SIGINT.
"""

import asyncio
import os
import signal
import sys
import threading
import time
from pathlib import Path

from ops import page_runs

ROOT = Path(__file__).resolve().parent.parent


def _grace_seconds() -> float:
    try:
        return min(max(float(os.environ.get("INFO_STOP_GRACE_SECONDS", "20")), 0.0), 300.0)
    except ValueError:
        return 20.0


def drain_then(stop, grace: float, poll: float = 0.05, quiet: float = 0.5, running=page_runs.in_flight) -> dict:
    """Wait until no page run has been in flight for `quiet` seconds (or `grace` seconds in all), then call
    `stop()`. Returns what it saw.

    Why the quiet spell: a run leaves `page_runs` when the script body ends, but Streamlit sends the run's last
    message ("script finished") a moment later from its event loop, and a run that ends in st.rerun is followed
    by the next run only after a gap. Stopping at the first zero could close the socket under either."""
    start = time.monotonic()
    running_at_signal = running()
    idle_since = None if running_at_signal else start
    while time.monotonic() - start < grace:
        now = time.monotonic()
        if running():
            idle_since = None
        elif idle_since is None:
            idle_since = now
        elif now - idle_since >= quiet:
            break
        time.sleep(poll)
    left = running()
    stop()
    return {"event": "stop", "replica": page_runs.replica_name(), "runs_at_signal": running_at_signal,
            "runs_cut": left, "waited_ms": round((time.monotonic() - start) * 1000)}


def _graceful(streamlit_setup):
    def setup(server) -> None:
        streamlit_setup(server)
        loop = asyncio.get_running_loop()
        signalled = threading.Event()

        def on_signal(signum, _frame) -> None:
            if signalled.is_set():  # a second signal: no more waiting
                loop.call_soon_threadsafe(server.stop)
                return
            signalled.set()

            def drain() -> None:
                page_runs.write_line(drain_then(lambda: loop.call_soon_threadsafe(server.stop), _grace_seconds()))

            threading.Thread(target=drain, name="graceful-stop", daemon=True).start()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)

    return setup


def main(argv: list[str]) -> None:
    from streamlit.web import bootstrap, cli

    bootstrap._set_up_signal_handler = _graceful(bootstrap._set_up_signal_handler)
    os.chdir(ROOT)
    cli.main(["run", "dashboard.py", *argv], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
