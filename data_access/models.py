"""SQLAlchemy 2.x models. The schema itself is created by the Alembic migrations in `migrations/`."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger, CheckConstraint, Date, DateTime, Float, ForeignKey, ForeignKeyConstraint, Index, Integer,
    SmallInteger, String, UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class FiscalYear(Base):
    __tablename__ = "fiscal_year"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # Buddhist Era
    deadline: Mapped[date] = mapped_column(Date)
    letter_ref: Mapped[str | None] = mapped_column(String(100))
    letter_date: Mapped[date | None] = mapped_column(Date)
    coordinator: Mapped[str | None] = mapped_column(String(200))
    coordinator_phone: Mapped[str | None] = mapped_column(String(100))
    office_phone: Mapped[str | None] = mapped_column(String(200))


class Domain(Base):
    __tablename__ = "domain"
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"), primary_key=True)
    code: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    name_th: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))


class Province(Base):
    __tablename__ = "province"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)  # DOPA code
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class District(Base):
    __tablename__ = "district"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)  # DOPA code
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), index=True)
    name_th: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class Lao(Base):
    """One LAO in one fiscal year's registry (municipalities get upgraded, LAOs merge)."""

    __tablename__ = "lao"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "code"),
        Index("ix_lao_fy_province", "fiscal_year", "province_code"),
        Index("ix_lao_name", "name_th"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"))
    code: Mapped[str] = mapped_column(String(7))
    name_th: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(50))  # the registry's label, never derived from the code
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"))
    district_code: Mapped[str | None] = mapped_column(ForeignKey("district.code"))
    district_name_th: Mapped[str] = mapped_column(String(100))
    office_no: Mapped[str | None] = mapped_column(String(100))
    moo: Mapped[str | None] = mapped_column(String(50))
    postcode: Mapped[str | None] = mapped_column(String(10))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    area_km2: Mapped[float | None] = mapped_column(Float)
    website: Mapped[str | None] = mapped_column(String(500))


class Snapshot(Base):
    """One imported INFO certification export: the state of every (LAO, domain) on its as-of date."""

    __tablename__ = "snapshot"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "sha256"),
        Index("ix_snapshot_latest", "fiscal_year", "as_of", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("fiscal_year.year"))
    as_of: Mapped[date] = mapped_column(Date)
    source_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str | None] = mapped_column(String(320))
    # A withdrawn snapshot stays, marked, but no figure counts it: the one before it is the latest again.
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by: Mapped[str | None] = mapped_column(String(320))
    withdrawn_reason: Mapped[str | None] = mapped_column(String(500))


class LaoStatus(Base):
    __tablename__ = "lao_status"
    __table_args__ = (
        CheckConstraint("status BETWEEN 0 AND 3", name="ck_status_range"),
        ForeignKeyConstraint(["fiscal_year", "domain_code"], ["domain.fiscal_year", "domain.code"]),
        Index("ix_status_lao", "lao_id"),
    )
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True)
    lao_id: Mapped[int] = mapped_column(ForeignKey("lao.id"), primary_key=True)
    domain_code: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[int] = mapped_column(SmallInteger)  # reference.NOT_STARTED .. CERTIFIED
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime)  # Asia/Bangkok wall clock, as exported
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    certified_at: Mapped[datetime | None] = mapped_column(DateTime)
    certified_by: Mapped[str | None] = mapped_column(String(200))


class ImportLog(Base):
    """Every change of data; its highest id is the data version that page caches are keyed by."""

    __tablename__ = "import_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # registry | status | demo
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    source_name: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    row_count: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# Rollups: per-snapshot aggregates of lao_status, written in the same transaction as the data they summarise
# (data_access/figures/rollups.py), so the national and province figures read O(provinces) rows, not O(status rows).


class RollupGroup(Base):
    """Per snapshot, province and LAO type: LAOs of the registry, complete, not started, certified cells."""

    __tablename__ = "rollup_group"
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    type: Mapped[str] = mapped_column(String(50), primary_key=True)
    laos: Mapped[int] = mapped_column(Integer)
    complete: Mapped[int] = mapped_column(Integer)
    not_started: Mapped[int] = mapped_column(Integer)
    cells_certified: Mapped[int] = mapped_column(Integer)


class RollupDomain(Base):
    """Per snapshot, province and domain: LAOs at each status above not started (not started = LAOs − these)."""

    __tablename__ = "rollup_domain"
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    domain_code: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    certified: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    recorded: Mapped[int] = mapped_column(Integer)


class RollupDay(Base):
    """Per snapshot, province and day: LAOs completed that day (their last certification) and cells certified."""

    __tablename__ = "rollup_day"
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True)
    province_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    complete_new: Mapped[int] = mapped_column(Integer)
    cells_new: Mapped[int] = mapped_column(Integer)


# Access and accountability (DOMAIN.md §9): who may see what, and what happened.


class AppUser(Base):
    """A signed-in email's role; `provinces` (comma-separated DOPA codes) only for the province role."""

    __tablename__ = "app_user"
    __table_args__ = (CheckConstraint("role IN ('national', 'province', 'admin')", name="ck_user_role"),)
    email: Mapped[str] = mapped_column(String(320), primary_key=True)  # lower-case
    role: Mapped[str] = mapped_column(String(20))
    provinces: Mapped[str | None] = mapped_column(String(400))
    granted_by: Mapped[str | None] = mapped_column(String(320))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Append-only from the app's side: imports (CLI or web), withdrawals, user changes, denied access."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_at", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(40))  # import-registry | import-status | withdraw | user-add | …
    outcome: Mapped[str] = mapped_column(String(20))  # done | unchanged | rejected | refused | failed | denied
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[str | None] = mapped_column(String(500))  # snapshot id, email, page asked for …
    source_name: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64))
    row_count: Mapped[int | None] = mapped_column(Integer)
    problem_count: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(String(2000))


# The letterhead of each province's office (สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด), filled by an admin.


class ProvinceOffice(Base):
    """What the reminder letter prints for a province's office; a province without a row gets blanks to fill."""

    __tablename__ = "province_office"
    province_code: Mapped[str] = mapped_column(ForeignKey("province.code"), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(600))  # lines separated by "\n"
    phone: Mapped[str | None] = mapped_column(String(100))
    fax: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(320))
    number_prefix: Mapped[str | None] = mapped_column(String(100))  # e.g. "นม ๐๐๒๓.๓/ว"
    line_group: Mapped[str | None] = mapped_column(String(40))  # a LINE group id for the morning card (0005)
    updated_by: Mapped[str | None] = mapped_column(String(320))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# The morning cycle (python -m data_access ingest, python -m reports digest).


class IngestFile(Base):
    """Every file the ingest folder handed over, by content: claimed first (so two servers never import one file),
    then finished as imported | unchanged | refused | failed."""

    __tablename__ = "ingest_file"
    __table_args__ = (Index("ix_ingest_file_claimed_at", "claimed_at"),)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    fiscal_year: Mapped[int | None] = mapped_column(Integer)
    as_of: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20))  # claimed | imported | unchanged | refused | failed
    claimed_by: Mapped[str] = mapped_column(String(200))  # host:pid
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    snapshot_id: Mapped[int | None] = mapped_column(Integer)
    problem_count: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(String(2000))


class Subscription(Base):
    """An extra recipient of the daily digest, besides the province offices: `scope` is "national" or a province
    code (a province subscriber gets that province only)."""

    __tablename__ = "subscription"
    email: Mapped[str] = mapped_column(String(320), primary_key=True)  # lower-case
    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    added_by: Mapped[str | None] = mapped_column(String(320))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MailSent(Base):
    """One row per (day, recipient, kind of mail): what makes a retried run send nothing twice."""

    __tablename__ = "mail_sent"
    day: Mapped[date] = mapped_column(Date, primary_key=True)  # Asia/Bangkok
    recipient: Mapped[str] = mapped_column(String(320), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)  # digest | alert-refused | alert-no-data | line
    state: Mapped[str] = mapped_column(String(20))  # sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str | None] = mapped_column(String(500))
    message_id: Mapped[str | None] = mapped_column(String(300))
    error: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
