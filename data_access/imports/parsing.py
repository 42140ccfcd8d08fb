"""Cell parsers shared by the imports. Each returns a value or raises ValueError with a reason for a person."""

import math
import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from data_access.reference import DOMAINS, STATUS_KEYS, STATUS_TH, DomainDef

BE_OFFSET = 543
BE_THRESHOLD = 2400  # a year at or above this is Buddhist Era
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_CODE = re.compile(r"^\d{7}$")


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def header_key(text: str) -> str:
    """Headers match case- and space-insensitively."""
    return re.sub(r"[\s_]+", "", str(text)).casefold()


def text_key(text: str) -> str:
    return re.sub(r"[\s,]+", "", str(text)).casefold()


def parse_code(value: Any) -> str:
    """A 7-digit LAO code, given as text or as a number (Excel turns codes into numbers)."""
    if type(value) is str:
        return _parse_code_text(value)  # each code repeats on its LAO's 8 status rows: parse it once
    return _parse_code(value)


@lru_cache(maxsize=200_000)
def _parse_code_text(value: str) -> str:
    return _parse_code(value)


def _parse_code(value: Any) -> str:
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a 7-digit LAO code")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"'{value}' is not a 7-digit LAO code")
        value = int(value)
    text = str(value).strip().translate(THAI_DIGITS)
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    if not _CODE.match(text):
        raise ValueError(f"'{value}' is not a 7-digit LAO code")
    return text


def _year_ce(year: int) -> int:
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def parse_datetime(value: Any) -> tuple[datetime, bool]:
    """(moment, has_time). DD/MM/YYYY[ HH:MM] or YYYY-MM-DD[ HH:MM] or a spreadsheet date; BE when year ≥ 2400."""
    if isinstance(value, str):
        return _parse_date_text(value)  # exports repeat a few hundred distinct dates: parse each once
    if isinstance(value, datetime):
        has_time = value.time() != time(0, 0)
        return value.replace(year=_year_ce(value.year), tzinfo=None), has_time
    if isinstance(value, date):
        return datetime(_year_ce(value.year), value.month, value.day), False
    raise ValueError(f"'{value}' is not a date (use DD/MM/YYYY in BE, e.g. 15/08/2566)")


@lru_cache(maxsize=100_000)
def _parse_date_text(value: str) -> tuple[datetime, bool]:
    text = value.strip().translate(THAI_DIGITS)
    m = _DMY.match(text)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _ISO.match(text)
        if not m:
            raise ValueError(f"'{value}' is not a date (use DD/MM/YYYY in BE, e.g. 15/08/2566)")
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    has_time = m[4] is not None
    try:
        moment = datetime(_year_ce(year), month, day, int(m[4] or 0), int(m[5] or 0), int(m[6] or 0))
    except ValueError:
        raise ValueError(f"'{value}' is not a real date") from None
    return moment, has_time


def _domain_keys(d: DomainDef) -> set[str]:
    bare_th = d.name_th.removeprefix("ด้าน")
    return {str(d.code), text_key(d.name_th), text_key(bare_th), text_key(d.name_en)}


def domain_lookup(domains: list[DomainDef] | tuple[DomainDef, ...] = DOMAINS) -> dict[str, int]:
    return {key: d.code for d in domains for key in _domain_keys(d)}


def parse_domain(value: Any, lookup: dict[str, int]) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    key = _domain_key(str(value))
    if key in lookup:
        return lookup[key]
    raise ValueError(f"'{value}' is not a domain of this fiscal year (use 1-8 or the domain's name)")


@lru_cache(maxsize=1024)
def _domain_key(text: str) -> str:
    return text_key(text.translate(THAI_DIGITS))


_STATUS_LOOKUP = {text_key(k): i for i, k in enumerate(STATUS_KEYS)} | {
    text_key(k): i for i, k in enumerate(STATUS_TH)
} | {text_key(k.replace("_", " ")): i for i, k in enumerate(STATUS_KEYS)}


def parse_status(value: Any) -> int:
    key = _status_key(str(value))
    if key in _STATUS_LOOKUP:
        return _STATUS_LOOKUP[key]
    raise ValueError(
        f"'{value}' is not a status (use ยังไม่บันทึก / บันทึกแล้ว / ปรับปรุงแล้ว / รับรองแล้ว "
        "or not_started / recorded / updated / certified)"
    )


@lru_cache(maxsize=1024)
def _status_key(text: str) -> str:
    return text_key(text)


def parse_optional_float(value: Any, low: float, high: float) -> float | None:
    if is_empty(value):
        return None
    try:
        number = float(str(value).strip().replace(",", "")) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a number") from None
    if not math.isfinite(number):  # 'nan', 'inf' and '1e999' parse as floats
        raise ValueError(f"'{value}' is not a number")
    if not low <= number <= high:
        raise ValueError(f"{number} is outside {low}..{high}")
    return number
