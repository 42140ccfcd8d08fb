"""The browser import (DOMAIN.md §9, admins): check an upload with the very code the command line runs, then commit
it. Checking writes nothing but the audit row of a refused or repeated file; a commit writes the import's own
"done" row in its transaction, and this module audits every other outcome, as the command line does."""

import hashlib
import logging
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date

from components.admin_upload import MIB, clean_name, sniff, temporary_copy
from components.data_errors import DATA_ERRORS
from components.i18n import t
from data_access.access import audit
from data_access.db import engine
from data_access.imports.problems import ImportRejected, Problem
from data_access.imports.registry_import import RegistryPreview, RegistryResult, import_registry, preview_registry
from data_access.imports.status_import import ImportWouldRegress, StatusResult, import_status
from data_access.imports.import_guard import ImportImpact

log = logging.getLogger("info_oversight")
STATUS, REGISTRY = "status", "registry"
ACTIONS = {STATUS: "import-status", REGISTRY: "import-registry"}
WEB = "browser upload"


@dataclass(frozen=True)
class Upload:
    name: str  # as recorded and shown: see clean_name
    data: bytes = field(repr=False)

    @classmethod
    def of(cls, name: str | None, data: bytes) -> "Upload":
        return cls(clean_name(name), data)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Request:
    kind: str  # STATUS or REGISTRY
    fiscal_year: int
    as_of: date | None  # status only

    def key(self, upload: Upload) -> tuple:
        """What a check was made for: a preview only counts while the file and the choices are the same."""
        return (upload.sha256, upload.name, self.kind, self.fiscal_year, self.as_of)


@dataclass
class Checked:
    key: tuple
    name: str
    size: int
    file_type: str | None = None  # "xlsx" or "csv", decided by the content
    name_disagrees: bool = False
    refusal: str | None = None  # an i18n key: the file was refused before any import code read it
    problems: list[Problem] | None = None
    status: StatusResult | None = None  # the dry run (its .unchanged: this file was imported before)
    registry: RegistryPreview | None = None
    cap_bytes: int = 0

    def refusal_text(self, lang: str) -> str:
        return t(self.refusal, lang, size=f"{self.size / MIB:,.1f}", limit=f"{self.cap_bytes // MIB:,}")

    @property
    def ready(self) -> bool:
        if self.refusal or self.problems:
            return False
        return self.registry is not None or (self.status is not None and not self.status.unchanged)

    @property
    def needs_confirmation(self) -> bool:
        return self.status is not None and self.status.impact is not None and self.status.impact.regresses


@dataclass
class Committed:
    kind: str
    status: StatusResult | None = None
    registry: RegistryResult | None = None
    problems: list[Problem] | None = None
    refused: ImportImpact | None = None  # the guard refused it: the figures changed since the preview


def _audit(actor: str, request: Request, upload: Upload, outcome: str, *, sha256: str | None = None,
           rows: int | None = None, problems: int | None = None, detail: str | None = None) -> None:
    try:
        audit.record(engine(), audit.Event(actor, ACTIONS[request.kind], outcome, fiscal_year=request.fiscal_year,
                                           source_name=upload.name, sha256=sha256 or upload.sha256, row_count=rows,
                                           problem_count=problems, detail=f"{WEB}; {detail}" if detail else WEB))
    except DATA_ERRORS:  # the page must still say what happened to the file
        log.exception("could not audit an import attempt")


def check(upload: Upload, request: Request, actor: str, today: date, cap_bytes: int) -> Checked:
    """Read and check the file as the import would, writing nothing (but the audit of a refused or repeated file)."""
    sniffed = sniff(upload.name, upload.data, cap_bytes)
    checked = Checked(request.key(upload), upload.name, len(upload.data), sniffed.kind, sniffed.name_disagrees,
                      sniffed.refusal, cap_bytes=cap_bytes)
    if sniffed.refusal:
        _audit(actor, request, upload, "rejected", problems=1, detail=checked.refusal_text("en"))
        return checked
    try:
        with temporary_copy(upload.data, sniffed.suffix) as path:
            if request.kind == STATUS:
                checked.status = import_status(engine(), path, request.fiscal_year, request.as_of, today,
                                               dry_run=True, actor=actor, source_name=upload.name)
            else:
                checked.registry = preview_registry(path)
    except ImportRejected as exc:
        checked.problems = exc.problems
        _audit(actor, request, upload, "rejected", problems=len(exc.problems))
        return checked
    if checked.status is not None and checked.status.unchanged:
        _audit(actor, request, upload, "unchanged", rows=checked.status.rows,
               detail=f"already snapshot {checked.status.snapshot_id}")
    return checked


def commit(upload: Upload, request: Request, checked: Checked, confirmed: bool, actor: str,
           today: date) -> Committed:
    """Import the checked file. A file the guard stops is imported only when `confirmed` (the preview showed why)."""
    done = Committed(request.kind)
    allow_regression = confirmed and checked.needs_confirmation
    try:
        with temporary_copy(upload.data, f".{checked.file_type}") as path:
            if request.kind == STATUS:
                done.status = import_status(engine(), path, request.fiscal_year, request.as_of, today,
                                            allow_regression=allow_regression, actor=actor, source_name=upload.name)
            else:
                done.registry = import_registry(engine(), path, request.fiscal_year, actor=actor,
                                                source_name=upload.name)
    except ImportWouldRegress as exc:
        done.refused = exc.impact
        _audit(actor, request, upload, "refused", detail=exc.impact.sentence())
        return done
    except ImportRejected as exc:
        done.problems = exc.problems
        _audit(actor, request, upload, "rejected", problems=len(exc.problems))
        return done
    result = done.status or done.registry
    if result.unchanged:
        _audit(actor, request, upload, "unchanged", rows=result.rows)
    return done
