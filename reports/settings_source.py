"""Where the morning cycle's senders find their settings: the environment first, else one table of
`.streamlit/secrets.toml` (`[smtp]` for the mail, `[line]` for LINE). A blank value is no value."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from data_access.config import PROJECT_ROOT

SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"


def reader(table: str, environ: dict | None, secrets_file: Path,
           error: type[Exception]) -> Callable[[str, str], str | None]:
    """get(ENV_NAME, key): the variable, else `key` of the secrets file's `[table]`, stripped; None when neither.
    A secrets file that is not TOML raises `error` with a sentence (never its content: it holds secrets)."""
    environ = os.environ if environ is None else environ
    try:
        with secrets_file.open("rb") as handle:
            found = tomllib.load(handle).get(table, {})
    except FileNotFoundError:
        found = {}
    except (OSError, tomllib.TOMLDecodeError):
        raise error(f"{secrets_file.name} cannot be read as TOML: fix its [{table}] table") from None
    found = found if isinstance(found, dict) else {}

    def get(name: str, key: str) -> str | None:
        value = environ.get(name)
        if value is None or not value.strip():
            value = found.get(key)
        return None if value is None or not str(value).strip() else str(value).strip()

    return get


def seconds(text: str | None, name: str, error: type[Exception], default: float = 30.0) -> float:
    """A timeout setting: seconds between 0 and 300, else `error` naming the variable."""
    try:
        value = float(text) if text else default
    except ValueError:
        value = -1
    if not 0 < value <= 300:
        raise error(f"{name} must be a number of seconds between 0 and 300")
    return value
