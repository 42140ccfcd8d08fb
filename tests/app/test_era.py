"""English readers choose CE or BE dates (DOMAIN.md §7); Thai stays Buddhist Era whatever the URL says."""

from tests.app.helpers import open_app


def _texts(at) -> str:
    return "\n".join(e.value for kind in ("markdown", "caption") for e in getattr(at, kind)
                     if isinstance(e.value, str))


def test_english_dates_follow_the_era_and_thai_stays_be(demo_env):
    at = open_app(fy="2566", lang="en", era="ce")
    assert not at.exception and "31 August 2023" in _texts(at) and "2566 BE" not in _texts(at)
    assert at.toggle(key="sidebar_ce").value is True and at.query_params["era"] == "ce"
    at = open_app(fy="2566", lang="en", era="be")
    assert "31 August 2566 BE" in _texts(at)
    at = open_app(fy="2566", lang="th", era="ce")
    assert "31 สิงหาคม 2566" in _texts(at) and "2023" not in _texts(at)
