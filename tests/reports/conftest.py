import shutil

import pytest
from sqlalchemy import delete

from data_access.db import engine as make_engine
from data_access.db import init_db
from data_access.models import AppUser, MailSent, ProvinceOffice, Subscription
from tests.conftest import PINNED_TODAY

BASE = "https://info.example.go.th"  # INFO_PUBLIC_URL of the morning's links


@pytest.fixture
def morning_copy(demo_db_path, tmp_path, monkeypatch):
    """A copy of the demo database (the test writes to it: offices, mails sent), today pinned, links to BASE."""
    path = tmp_path / "morning.sqlite"
    shutil.copy(demo_db_path, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("INFO_TODAY", PINNED_TODAY.isoformat())
    monkeypatch.setenv("INFO_PUBLIC_URL", BASE)
    eng = make_engine(url)
    init_db(eng)
    with eng.begin() as conn:  # other tests of this worker may have signed users in on the shared demo database
        for table in (AppUser, Subscription, MailSent, ProvinceOffice):
            conn.execute(delete(table))
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def proxy():
    """A proxy on loopback that records what reaches it: Chromium is pointed at it, so nothing may."""
    from tests.reports.test_figures_export import RecordingProxy

    recorder = RecordingProxy()
    yield recorder
    recorder.close()
