from tests.app.helpers import open_app


def test_the_search_box_is_on_every_page(demo_env):
    for page in (None, "app_pages/province.py", "app_pages/lao.py"):
        at = open_app(page, province="50", fy="2566")
        assert any(box.key and "search" in box.key for box in at.sidebar.text_input), page
