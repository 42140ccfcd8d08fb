"""Fiscal years and their domains."""

from sqlalchemy import Connection, insert, select

from data_access.models import Domain, FiscalYear
from data_access.reference import DOMAINS, fiscal_year_facts


def ensure_fiscal_year(conn: Connection, year: int) -> None:
    """Create fiscal year `year` with the letter's deadline (31 August when unknown) and the 8 domains."""
    if conn.scalar(select(FiscalYear.year).where(FiscalYear.year == year)) is not None:
        return
    facts = fiscal_year_facts(year)
    conn.execute(insert(FiscalYear).values(
        year=year, deadline=facts.deadline, letter_ref=facts.letter_ref, letter_date=facts.letter_date,
        coordinator=facts.coordinator, coordinator_phone=facts.coordinator_phone, office_phone=facts.office_phone,
    ))
    conn.execute(insert(Domain), [
        dict(fiscal_year=year, code=d.code, name_th=d.name_th, name_en=d.name_en) for d in DOMAINS
    ])
