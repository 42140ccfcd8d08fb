"""Small shared pieces of the drill-down pages: URL parameters that keep the view, the countdown, URL-backed
widget state. Pure or Streamlit-only; no SQL."""

from collections.abc import Callable, Sequence

import streamlit as st

from components.i18n import format_number, t
from components.safe_text import has_control_chars

PROVINCE_PAGE = "app_pages/province.py"
LAO_PAGE = "app_pages/lao.py"
OVERVIEW_PAGE = "app_pages/overview.py"
REGISTERED_PAGES = "_registered_pages"  # session key: the entry script's {path: st.Page} of this run


def view_params(view) -> dict[str, str]:
    """The query parameters that reproduce the shared view (fiscal year, language, digits)."""
    params = {"fy": str(view.fiscal_year), "lang": view.lang, "digits": "1" if view.thai_digits else "0"}
    if getattr(view, "era", "BE") == "CE":
        params["era"] = "ce"
    return params


def lao_params(view, code: str) -> dict[str, str]:
    return {"lao": code, **view_params(view)}


def province_params(view, code: str) -> dict[str, str]:
    return {"province": code, **view_params(view)}


def relative_url(page: str, params: dict[str, str]) -> str:
    """`lao?lao=…&fy=…` relative to the current page: works under any server.baseUrlPath."""
    from urllib.parse import urlencode

    return f"./{page}?{urlencode(params)}"


def countdown(days_left: int, lang: str, thai_digits: bool, closed: bool = False) -> str:
    """"16 วัน", "วันสุดท้าย" on the deadline day, "เลยกำหนด 3 วัน" after it (DOMAIN.md §7), "ปิดรับข้อมูลแล้ว"
    once the fiscal year is over (`closed`: components.countdown.campaign_closed)."""
    if closed:
        return t("closed", lang)
    if days_left > 0:
        return f"{format_number(days_left, thai_digits)} {t('days_unit', lang)}"
    if days_left == 0:
        return t("last_day", lang)
    return t("overdue", lang, n=format_number(-days_left, thai_digits))


def countdown_metric(days_left: int, lang: str, thai_digits: bool, closed: bool = False) -> tuple[str, str]:
    """(label, value) short enough for a metric card on a phone: ("เหลือเวลา (วัน)", "16"), ("กำหนดส่ง",
    "วันสุดท้าย"), ("เลยกำหนด (วัน)", "3"), ("กำหนดส่ง", "ปิดรับข้อมูลแล้ว") once the fiscal year is over. Pair it
    with help=countdown(…) for the full sentence."""
    if closed:
        return t("deadline", lang), t("closed", lang)
    if days_left > 0:
        return t("dd_days_left_label", lang), format_number(days_left, thai_digits)
    if days_left == 0:
        return t("deadline", lang), t("last_day", lang)
    return t("dd_overdue_label", lang), format_number(-days_left, thai_digits)


def card_width(value: str, minimum: int = 136) -> int:
    """A metric card wide enough for its value in Streamlit's large metric font (Thai digits run wider)."""
    thai = sum(1 for ch in value if "๐" <= ch <= "๙")
    return max(minimum, 40 + 21 * (len(value) - thai) + 27 * thai)


def back_to_overview(view) -> None:
    st.page_link(OVERVIEW_PAGE, label=t("dd_back_to_overview", view.lang), icon="⬅️",
                 query_params=view_params(view))


def sync_url(page: str) -> None:
    """Every page calls this first, naming itself. When the last run showed the same page, send the query string
    the page runs with to the browser: a page_link to the page already shown (a search result on the LAO page)
    changes the query on the server but not the address bar; this makes the URL the user copies reproduce what
    they see. Never on a move to another page: the browser takes the new address from the move itself, and a
    query sent during the move lands before the new path does, under the old page's path: history would gain a
    "/province?lao=…" between the province and the LAO, where the Back button would land (issue 9, defect 8)."""
    if st.session_state.get("_url_page") == page:
        st.query_params.update()
    st.session_state["_url_page"] = page


def drop_unreadable_params() -> list[str]:
    """Before anything reads the URL: remove every parameter whose name or value holds a control character (a NUL
    from `%00`, …), which can be part of no code, name or choice; return their names to say so."""
    dropped = []
    for name in list(st.query_params.keys()):
        if has_control_chars(name) or any(has_control_chars(value) for value in st.query_params.get_all(name)):
            dropped.append(name)
            del st.query_params[name]
    return dropped


def url_bound(param: str, widget_key: str, parse: Callable[[str | None], object]) -> None:
    """Before a widget is drawn: give it the URL's value when the URL changed since we last wrote it (a pasted
    link, the back button) or when the widget has no state yet; else keep what the user chose."""
    url = st.query_params.get(param)
    if widget_key not in st.session_state or url != st.session_state.get(f"_url_{param}"):
        st.session_state[widget_key] = parse(url)
        st.session_state[f"_url_{param}"] = url


def keep_allowed(widget_key: str, allowed: Sequence[str]) -> None:
    """Drop from a multiselect's remembered value what is no longer an option (Streamlit rejects it)."""
    value = st.session_state.get(widget_key)
    if isinstance(value, list):
        allowed_set = set(allowed)
        if any(item not in allowed_set for item in value):
            st.session_state[widget_key] = [item for item in value if item in allowed_set]


def url_write(param: str, value: str | None) -> None:
    """After a widget is drawn: mirror its value into the URL (None or "" removes the parameter)."""
    value = value or None
    if st.query_params.get(param) != value:
        if value is None:
            if param in st.query_params:
                del st.query_params[param]
        else:
            st.query_params[param] = value
    st.session_state[f"_url_{param}"] = value


def parse_list(allowed: Sequence[str]) -> Callable[[str | None], list[str]]:
    """A comma-separated URL value as a list, keeping only allowed items, in the order given."""
    allowed_set = set(allowed)

    def parse(text: str | None) -> list[str]:
        items = [item.strip() for item in (text or "").split(",")]
        return list(dict.fromkeys(item for item in items if item in allowed_set))

    return parse


def parse_choice(allowed: Sequence[str], default: str) -> Callable[[str | None], str]:
    return lambda text: text if text in allowed else default


def page_link(path: str, label: str, query_params: dict, icon: str = "", help: str = "") -> None:
    """st.page_link to one of our pages through the st.Page the entry script registered this run, when there is one:
    st.page_link resolves a path on disk on every call and only checks a Page (twenty links on the overview). Icon
    and help are always given, because a Page left to itself lends the link its own."""
    target = st.session_state.get(REGISTERED_PAGES, {}).get(path, path)  # a page run on its own: the path
    st.page_link(target, label=label, icon=icon, help=help, query_params=query_params)
