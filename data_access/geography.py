"""Provinces and districts from the PyPI package geothai (MIT AND CC-BY-4.0), and matching names to codes."""

import re
from functools import cache

import geothai
from sqlalchemy import Connection, insert, select

from data_access.models import District, Province

BANGKOK = "10"
_DISTRICT_PREFIX = re.compile(r"^(กิ่งอำเภอ|อำเภอ|อ\.|เขต)")
_PROVINCE_PREFIX = re.compile(r"^(จังหวัด|จ\.)")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).casefold()


def district_key(name: str) -> str:
    return _DISTRICT_PREFIX.sub("", _squash(name))


def province_key(name: str) -> str:
    return _PROVINCE_PREFIX.sub("", _squash(name))


@cache
def province_codes_by_name() -> dict[str, str]:
    index = {}
    for p in geothai.provinces():
        index[province_key(p.name_th)] = p.code
        index[province_key(p.name_en)] = p.code
    return index


@cache
def district_codes_by_name() -> dict[tuple[str, str], str]:
    return {
        (p.code, district_key(name)): d.code
        for p in geothai.provinces()
        for d in geothai.districts(p.code)
        for name in (d.name_th, d.name_en)
    }


def match_province(name: str) -> str | None:
    return province_codes_by_name().get(province_key(name))


def match_district(province_code: str, name: str) -> str | None:
    return district_codes_by_name().get((province_code, district_key(name)))


def ensure_geography(conn: Connection) -> None:
    """Insert geothai's provinces and districts that the database does not have yet (idempotent)."""
    have_provinces = set(conn.scalars(select(Province.code)))
    rows = [dict(code=p.code, name_th=p.name_th, name_en=p.name_en) for p in geothai.provinces()
            if p.code not in have_provinces]
    if rows:
        conn.execute(insert(Province), rows)
    have_districts = set(conn.scalars(select(District.code)))
    rows = [
        dict(code=d.code, province_code=p.code, name_th=d.name_th, name_en=d.name_en)
        for p in geothai.provinces() for d in geothai.districts(p.code) if d.code not in have_districts
    ]
    if rows:
        conn.execute(insert(District), rows)
