"""The letterhead of each province's office (สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด): name, address, phone, fax,
e-mail and outgoing-number prefix, as the reminder letter prints them (reports/letter.py); the e-mail address also
gets the daily digest, and a LINE group id the card (reports/digest.py, reports/line.py).

An admin fills them (`python -m data_access offices set`); until then a province reads as its office's usual name
and blanks, which the letter prints as dotted lines to fill by hand. Every change is audited in its transaction.
"""

import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from sqlalchemy import Engine, insert, select, update

from data_access.access import audit
from data_access.geography import BANGKOK
from data_access.models import Province, ProvinceOffice
from data_access.access.users import EMAIL  # as loose as for users: only keeps out what cannot be an address

OFFICE_NAME_PREFIX = "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด"
FIELDS = ("name", "address", "phone", "fax", "email", "number_prefix", "line_group")
LIMITS = {"name": 300, "address": 600, "phone": 100, "fax": 100, "email": 320, "number_prefix": 100, "line_group": 33}
# The id of a LINE group (C…), multi-person chat (R…) or user (U…) that the Messaging API pushes to: 32 hex digits.
LINE_TARGET = re.compile(r"^[CRU][0-9a-f]{32}$")
ADDRESS_LINES = 4


class OfficeError(ValueError):
    """An office setting that cannot be made; the message is a sentence for the operator."""


@dataclass(frozen=True)
class Office:
    province_code: str
    province_name_th: str
    name: str
    address: str = ""  # lines separated by "\n"
    phone: str = ""
    fax: str = ""
    email: str = ""
    number_prefix: str = ""
    line_group: str = ""  # where the office's LINE Official Account pushes the card (reports/line.py)
    filled: bool = False  # an admin has set at least one field

    @property
    def address_lines(self) -> list[str]:
        return [line for line in self.address.split("\n") if line.strip()]

    def as_json(self) -> dict:
        return asdict(self)


def default_name(province_name_th: str) -> str:
    return OFFICE_NAME_PREFIX + province_name_th


def _province_name(conn, province: str) -> str:
    code = (province or "").strip()
    name = conn.scalar(select(Province.name_th).where(Province.code == code)) if len(code) <= 2 else None
    if name is None:
        shown = "".join(ch for ch in code[:10] if ch.isprintable())
        raise OfficeError(f"no province with code '{shown}' (use the two-digit DOPA code, e.g. 50)")
    if code == BANGKOK:
        raise OfficeError("Bangkok is not under the Department of Local Administration: it has no provincial "
                          "office for LAOs")
    return name


def _as_office(code: str, province_name_th: str, row) -> Office:
    if row is None:
        return Office(code, province_name_th, default_name(province_name_th))
    values = {name: getattr(row, name) or "" for name in FIELDS}
    values["name"] = values["name"] or default_name(province_name_th)
    return Office(code, province_name_th, **values, filled=True)


def get_office(engine: Engine, province: str) -> Office:
    """The office of a province, with its usual name and blank fields until an admin fills them."""
    code = (province or "").strip()
    with engine.connect() as conn:
        name_th = _province_name(conn, code)
        row = conn.execute(select(ProvinceOffice).where(ProvinceOffice.province_code == code)).first()
    return _as_office(code, name_th, row)


def list_offices(engine: Engine) -> list[Office]:
    """Every office an admin has filled, by province code."""
    with engine.connect() as conn:
        rows = conn.execute(select(ProvinceOffice, Province.name_th.label("province_name_th"))
                            .join(Province, Province.code == ProvinceOffice.province_code)
                            .order_by(ProvinceOffice.province_code)).all()
    return [_as_office(r.province_code, r.province_name_th, r) for r in rows]


def clean(field: str, value: str) -> str:
    """Trimmed text without control characters; the address keeps its line breaks (at most ADDRESS_LINES)."""
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [" ".join("".join(ch if ch.isprintable() else " " for ch in line).split()) for line in lines]
    lines = [line for line in lines if line]
    if field != "address":
        text = " ".join(lines)
    elif len(lines) > ADDRESS_LINES:
        raise OfficeError(f"the address has {len(lines)} lines: give at most {ADDRESS_LINES}")
    else:
        text = "\n".join(lines)
    if len(text) > LIMITS[field]:
        raise OfficeError(f"--{field.replace('_', '-')} is {len(text)} characters long: at most {LIMITS[field]}")
    if field == "email" and text and not EMAIL.match(text):
        raise OfficeError(f"'{text[:60]}' is not an e-mail address")
    if field == "line_group" and text and not LINE_TARGET.match(text):
        raise OfficeError(f"'{text[:40]}' is not a LINE group id (C followed by 32 hexadecimal digits)")
    return text


def set_office(engine: Engine, province: str, actor: str, **changes: str | None) -> Office:
    """Set some fields of a province's office (None: leave as is; "": back to blank, or to the usual name)."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise OfficeError(f"unknown office field(s): {', '.join(sorted(unknown))}")
    given = {name: clean(name, value) for name, value in changes.items() if value is not None}
    if not given:
        raise OfficeError("nothing to set: give at least one of " + ", ".join(
            f"--{name.replace('_', '-')}" for name in FIELDS))
    code = (province or "").strip()
    stamp = {"updated_by": actor, "updated_at": datetime.now(timezone.utc)}
    with engine.begin() as conn:
        _province_name(conn, code)
        values = {name: (text or None) for name, text in given.items()}
        exists = conn.scalar(select(ProvinceOffice.province_code).where(ProvinceOffice.province_code == code))
        if exists:
            conn.execute(update(ProvinceOffice).where(ProvinceOffice.province_code == code).values(**values, **stamp))
        else:
            conn.execute(insert(ProvinceOffice).values(province_code=code, **values, **stamp))
        audit.record(conn, audit.Event(actor, "office-set", "done", target=f"province {code}",
                                       detail="set " + ", ".join(name for name in FIELDS if name in given)))
    return get_office(engine, code)


__all__ = ["FIELDS", "Office", "OfficeError", "clean", "default_name", "get_office", "list_offices", "set_office"]
