"""The countdown to a fiscal year's deadline: days left, the deadline, the letter, who to call, data as of. Once
the fiscal year is over, the campaign is closed: no more counting, the final figures' date instead."""

from datetime import date

import streamlit as st

from components.i18n import format_date, format_number, t
from components.safe_text import plain
from components.view import follow_digits
from data_access.reference import fiscal_year_end


def campaign_closed(fiscal_year: int, today: date) -> bool:
    """After the end of the fiscal year (30 Sep), not after its deadline: between the two, the page still counts
    the days overdue, because late data still arrives."""
    return today > fiscal_year_end(fiscal_year)


def countdown_text(days_left: int, lang: str = "th", thai_digits: bool = False) -> str:
    """`เหลือเวลาอีก 16 วัน` / `วันสุดท้าย` / `เลยกำหนด 5 วัน` (DOMAIN.md §7); English equivalents."""
    if days_left == 0:
        return t("last_day", lang)
    n = format_number(abs(days_left), thai_digits)
    if days_left > 0:
        return t("ov_day_left" if days_left == 1 else "ov_days_left", lang, n=n)
    return t("ov_day_overdue" if days_left == -1 else "overdue", lang, n=n)


def deadline_text(deadline: date, lang: str = "th", thai_digits: bool = False) -> str:
    return t("ov_deadline_on", lang, date=format_date(deadline, lang, thai_digits))


def letter_text(letter_ref: str | None, letter_date: date | None, lang: str = "th",
                thai_digits: bool = False) -> str:
    """The circular letter that set the deadline, or a note that this year's letter is not known yet."""
    if not letter_ref:
        return t("ov_no_letter", lang)
    if letter_date is None:
        return t("ov_letter", lang, ref=plain(follow_digits(letter_ref, thai_digits)))
    return t("ov_letter_dated", lang, ref=plain(follow_digits(letter_ref, thai_digits)),
             date=format_date(letter_date, lang, thai_digits))


def coordinator_text(name: str | None, phone: str | None, office_phone: str | None, lang: str = "th",
                     thai_digits: bool = False) -> str | None:
    """Markdown: the values from the database go through plain()."""
    phones = ", ".join(plain(follow_digits(p, thai_digits)) for p in (phone, office_phone) if p)
    if not name and not phones:
        return None
    who = plain(name)
    return f"{t('coordinator', lang)}: {who}" + (f" ({t('ov_phone', lang)} {phones})" if phones else "")


def as_of_text(as_of: date | None, lang: str = "th", thai_digits: bool = False, final: bool = False) -> str:
    """"ข้อมูล ณ วันที่ …"; `final` (a closed campaign): "ข้อมูลสุดท้าย ณ วันที่ …"."""
    if as_of is None:
        return t("no_snapshot", lang)
    return f"{t('final_as_of' if final else 'data_as_of', lang)} {format_date(as_of, lang, thai_digits)}"


def render_countdown(days_left: int, deadline: date, info, as_of: date | None, lang: str = "th",
                     thai_digits: bool = False, closed: bool = False) -> None:
    """`info` is a FiscalYearInfo (year, letter and coordinator); `closed`: see campaign_closed."""
    with st.container(border=True, key="ov_countdown"):
        # Material icons ship with Streamlit: no emoji font needed, nothing fetched.
        if closed:
            icon, headline = ":material/lock:", t("closed", lang)
        else:
            icon = ":material/hourglass_top:" if days_left > 0 else (":material/alarm:" if days_left == 0
                                                                     else ":material/event_busy:")
            headline = countdown_text(days_left, lang, thai_digits)
        st.markdown(f"## {icon} {headline}")
        st.markdown(f"**{deadline_text(deadline, lang, thai_digits)}** · "
                    f"{letter_text(info.letter_ref, info.letter_date, lang, thai_digits)}")
        notes = [as_of_text(as_of, lang, thai_digits, final=closed)]
        if closed:
            notes.append(t("closed_year_ended", lang,
                           date=format_date(fiscal_year_end(info.year), lang, thai_digits)))
        who = coordinator_text(info.coordinator, info.coordinator_phone, info.office_phone, lang, thai_digits)
        if who:
            notes.append(who)
        st.caption(" · ".join(notes))
