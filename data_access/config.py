"""Settings from the environment: DATABASE_URL, INFO_TODAY, INFO_MAX_IMPORT_BYTES, INFO_STALE_AFTER_DAYS, the
PostgreSQL pool size (INFO_DB_POOL_SIZE, INFO_DB_MAX_OVERFLOW) and the public address INFO_PUBLIC_URL."""

import os
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from data_access.imports.import_limits import DEFAULT_MAX_IMPORT_BYTES

BANGKOK = ZoneInfo("Asia/Bangkok")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "info_oversight.sqlite"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{DEFAULT_DB_PATH}", alias="DATABASE_URL")
    info_today: date | None = Field(default=None, alias="INFO_TODAY")
    info_max_import_bytes: int = Field(default=DEFAULT_MAX_IMPORT_BYTES, gt=0, alias="INFO_MAX_IMPORT_BYTES")
    # During a campaign, data older than this many days is flagged on every page.
    info_stale_after_days: int = Field(default=3, ge=1, le=366, alias="INFO_STALE_AFTER_DAYS")
    # PostgreSQL connections one process may hold: pool + overflow. Replicas × (pool + overflow) + what the
    # command line and administrators use must stay below the server's max_connections (deploy/README.md).
    info_db_pool_size: int = Field(default=5, ge=1, le=100, alias="INFO_DB_POOL_SIZE")
    info_db_max_overflow: int = Field(default=5, ge=0, le=100, alias="INFO_DB_MAX_OVERFLOW")
    # Where people reach the app: the links in cards, digests and alerts (nothing else reads it).
    info_public_url: str = Field(default="http://localhost:8501", alias="INFO_PUBLIC_URL")
    # Build every province's page view in the background when the data version changes (data_access.cached).
    warm_views: bool = Field(default=True, alias="INFO_WARM_VIEWS")

    @field_validator("info_today", mode="before")
    @classmethod
    def _blank_is_unset(cls, value):
        """`INFO_TODAY=` (set but empty, as compose files and `export` leave it) means the clock, not an error."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("info_public_url", mode="before")
    @classmethod
    def _blank_is_default(cls, value):
        return "http://localhost:8501" if isinstance(value, str) and not value.strip() else value

    @field_validator("info_public_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value) or any(not ch.isprintable() for ch in value):
            raise ValueError("INFO_PUBLIC_URL must be the app's http:// or https:// address, e.g. "
                             "https://info-oversight.example.go.th")
        return value

    @field_validator("info_today")
    @classmethod
    def _plausible_today(cls, value: date | None) -> date | None:
        from data_access.years import day_problem

        problem = value and day_problem(value, "INFO_TODAY")
        if problem:
            raise ValueError(problem)
        return value


class SettingsError(ValueError):
    """An environment value that cannot be used; the message is one sentence naming the variable."""


_NAMES = frozenset(("database_url", "info_today", "info_max_import_bytes", "info_stale_after_days",
                    "info_db_pool_size", "info_db_max_overflow", "info_public_url", "info_warm_views"))


def settings() -> Settings:
    """The settings as the environment says now (tests and operators change it between calls); parsed once per
    distinct set of values, since pages ask on every run."""
    return _settings_for(tuple(sorted((k, v) for k, v in os.environ.items() if k.lower() in _NAMES)))


@lru_cache(maxsize=32)
def _settings_for(_environment: tuple) -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first.get("loc") else "a setting"
        reason = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        if not reason.startswith(name):
            reason = f"{name}: {reason} (got {str(first.get('input'))[:40]!r})"
        raise SettingsError(reason) from None


def today() -> date:
    """The date in Asia/Bangkok, or INFO_TODAY when pinned."""
    pinned = settings().info_today
    return pinned if pinned else datetime.now(BANGKOK).date()
