"""History entries the Back button can land on. A map click's st.switch_page files the LAO's query under the
province's path ("/province?lao=CODE"): the province page shows itself as it was left, or, without that memory
(another session, a copied link), the LAO's province."""

from sqlalchemy import text

from components.i18n import t
from data_access.db import engine
from tests.app.helpers import open_app

PROVINCE, LAO = "app_pages/province.py", "app_pages/lao.py"


def _lao_of(url: str, province: str) -> str:
    with engine(url).connect() as conn:
        return conn.execute(text("SELECT MIN(code) FROM lao WHERE fiscal_year = 2566 AND province_code = :p"),
                            {"p": province}).scalar()


def test_back_to_a_map_click_entry_shows_the_province_as_it_was_left(demo_env):
    lao = _lao_of(demo_env, "50")
    at = open_app(PROVINCE, province="50", fy="2566", dsort="name", state="not_started")
    assert not at.exception
    at.session_state["province_open_lao"] = lao  # what a click on the LAO's dot leaves for the next run
    at.run()
    assert not at.exception
    assert at.query_params["lao"] == lao and "province" not in at.query_params  # on the LAO page now
    # Back: the browser reruns the province page with the query the switch left under its path.
    at.switch_page(PROVINCE)
    at.query_params.clear()
    at.query_params.update({"lao": lao, "fy": "2566", "lang": "th", "digits": "0"})
    at.run()
    assert not at.exception
    assert at.title[0].value == t("dd_province_title", "th", name="เชียงใหม่")
    assert at.query_params["province"] == "50" and "lao" not in at.query_params
    assert at.query_params["dsort"] == "name" and at.query_params["state"] == "not_started"  # its filters


def test_a_province_link_naming_an_lao_opens_the_laos_province(demo_env):
    at = open_app(PROVINCE, lao=_lao_of(demo_env, "30"), fy="2566")
    assert not at.exception
    assert at.title[0].value == t("dd_province_title", "th", name="นครราชสีมา")
    assert at.query_params["province"] == "30" and "lao" not in at.query_params
