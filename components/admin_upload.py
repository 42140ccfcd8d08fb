"""An uploaded import file, checked before any import code reads it: its size against the cap, its type decided by
its content (never by its name), and a temporary copy under a name of our own. The uploaded name is only ever
recorded and shown as text; it never becomes a path."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath

from components.safe_text import is_control
from data_access.imports.problems import Problem, write_problems_csv

MAX_UPLOAD_ENV = "INFO_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 50  # .streamlit/config.toml server.maxUploadSize matches it
MIB = 1024 * 1024  # Streamlit's "MB" for uploads
NAME_MAX = 200
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
# Bytes that no CSV export holds (C0 controls but tab, line feed, form feed, carriage return and Ctrl-Z).
_BINARY_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1A)) | frozenset(range(0x1B, 0x20))
SNIFF_BYTES = 1 << 16


def max_upload_mb() -> int:
    """The cap in MB from INFO_MAX_UPLOAD_MB; a value that is not a positive whole number keeps the default."""
    try:
        value = int(os.environ.get(MAX_UPLOAD_ENV, "").strip())
    except ValueError:
        return DEFAULT_MAX_UPLOAD_MB
    return value if value > 0 else DEFAULT_MAX_UPLOAD_MB


def clean_name(name: str | None) -> str:
    """The uploaded name as text to record: control characters removed, at most NAME_MAX characters."""
    text = "".join(ch for ch in (name or "") if not is_control(ch)).strip()
    return text[:NAME_MAX] or "upload"


@dataclass(frozen=True)
class Sniffed:
    kind: str | None  # "xlsx" or "csv"; None when refused
    refusal: str | None = None  # an i18n key saying why the file is refused
    name_disagrees: bool = False  # the name's ending says another type than the content

    @property
    def suffix(self) -> str:
        return f".{self.kind}"


def _looks_binary(head: bytes) -> bool:
    return any(byte in _BINARY_BYTES for byte in head)


def sniff(name: str, data: bytes, cap_bytes: int) -> Sniffed:
    """Decide what the upload is from its bytes: a zip is an XLSX workbook, readable text is CSV."""
    if len(data) > cap_bytes:
        return Sniffed(None, "ad_up_too_big")
    if not data.strip():
        return Sniffed(None, "ad_up_empty")
    suffix = PurePath(name.replace("\\", "/")).suffix.lower()
    if data.startswith(ZIP_MAGIC):
        return Sniffed("xlsx", name_disagrees=suffix not in XLSX_SUFFIXES)
    if data.startswith(OLE_MAGIC):
        return Sniffed(None, "ad_up_xls")
    if not data.startswith(UTF16_BOMS) and _looks_binary(data[:SNIFF_BYTES]):
        return Sniffed(None, "ad_up_binary")
    return Sniffed("csv", name_disagrees=suffix not in TEXT_SUFFIXES)


@contextmanager
def temporary_copy(data: bytes, suffix: str) -> Iterator[Path]:
    """The bytes in a temporary file named by us (only `suffix` is chosen, from the content); removed afterwards."""
    handle = tempfile.NamedTemporaryFile(prefix="info-upload-", suffix=suffix, delete=False)
    path = Path(handle.name)
    try:
        with handle:
            handle.write(data)
        yield path
    finally:
        path.unlink(missing_ok=True)


def problems_csv(problems: list[Problem]) -> bytes:
    """The problem list as the command line's --errors-csv writes it, for a download button."""
    from data_access.figures.export import neutralise

    # The file's own header texts and values can appear in a problem: none may run as a formula in Excel.
    safe = [Problem(p.row, neutralise(p.column) if p.column else p.column, neutralise(p.reason)) for p in problems]
    with temporary_copy(b"", ".csv") as path:
        write_problems_csv(safe, str(path))
        return path.read_bytes()
