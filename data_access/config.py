"""Settings from the environment: DATABASE_URL and INFO_TODAY."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

BANGKOK = ZoneInfo("Asia/Bangkok")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "info_oversight.sqlite"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{DEFAULT_DB_PATH}", alias="DATABASE_URL")
    info_today: date | None = Field(default=None, alias="INFO_TODAY")


def settings() -> Settings:
    return Settings()


def today() -> date:
    """The date in Asia/Bangkok, or INFO_TODAY when pinned."""
    pinned = settings().info_today
    return pinned if pinned else datetime.now(BANGKOK).date()
