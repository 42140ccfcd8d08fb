"""What a status import would change, measured before it is written, and the guard against a wrong file.

A status file replaces the whole picture of its fiscal year (a missing row means "not started"), so a partial or
wrong export silently undoes weeks of certifications. Before writing, the import is compared with the snapshot it
would follow (the latest one that counts with an as-of on or before the new one). It is refused, unless the operator
says it is right, when it would turn certified cells back to a lower status, or when it covers far fewer LAOs than
that snapshot did. The same measurement is the browser import's preview.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, func, select

from data_access.models import Domain, Lao, LaoStatus, Snapshot
from data_access.reference import CERTIFIED

# A file that covers fewer than this share of the LAOs the previous snapshot covered is refused: an export of
# one district or one sheet of a workbook, not the whole country.
MIN_COVERAGE_SHARE = 0.5


@dataclass(frozen=True)
class ImportImpact:
    laos: int  # in the fiscal year's registry
    covered: int  # LAOs with at least one row in the file
    baseline_id: int | None  # the snapshot compared with (None: the first of its year)
    baseline_as_of: date | None
    covered_before: int
    complete_before: int
    complete_after: int
    complete_lost: int  # complete before, not complete after
    cells_regressed: int  # certified before, below certified after
    laos_regressed: int
    newly_complete: dict[str, int] = field(default_factory=dict)  # province code → LAOs newly complete

    @property
    def too_few_laos(self) -> bool:
        return self.baseline_id is not None and self.covered < self.covered_before * MIN_COVERAGE_SHARE

    @property
    def regresses(self) -> bool:
        return self.cells_regressed > 0 or self.too_few_laos

    def sentence(self) -> str:
        """What would change, in one sentence (English, for the command line; the app words it per language)."""
        parts = []
        if self.complete_lost:
            parts.append(f"{self.complete_lost:,} complete LAOs would no longer count as complete")
        if self.cells_regressed:
            parts.append(f"{self.cells_regressed:,} certified domains in {self.laos_regressed:,} LAOs would go back "
                         f"to a lower status")
        coverage = f"the file covers {self.covered:,} of {self.laos:,} LAOs"
        if self.baseline_id is not None:
            coverage += (f" (the snapshot of {self.baseline_as_of:%Y-%m-%d} it would follow covers "
                         f"{self.covered_before:,})")
        return ", and ".join(parts) + ": " + coverage if parts else coverage[0].upper() + coverage[1:]


def _baseline(conn: Connection, fiscal_year: int, as_of: date):
    return conn.execute(select(Snapshot.id, Snapshot.as_of)
                        .where(Snapshot.fiscal_year == fiscal_year, Snapshot.withdrawn_at.is_(None),
                               Snapshot.as_of <= as_of)
                        .order_by(Snapshot.as_of.desc(), Snapshot.id.desc()).limit(1)).first()


def assess(conn: Connection, fiscal_year: int, as_of: date, records: list[dict]) -> ImportImpact:
    """`records` are the validated rows (lao_id, domain_code, status) the import would write."""
    province_of = dict(conn.execute(select(Lao.id, Lao.province_code).where(Lao.fiscal_year == fiscal_year)).all())
    n_domains = conn.scalar(select(func.count()).select_from(Domain).where(Domain.fiscal_year == fiscal_year))
    after = {(r["lao_id"], r["domain_code"]): r["status"] for r in records}
    baseline = _baseline(conn, fiscal_year, as_of)
    before: dict[tuple[int, int], int] = {}
    if baseline is not None:
        before = {(lao, domain): status for lao, domain, status in conn.execute(
            select(LaoStatus.lao_id, LaoStatus.domain_code, LaoStatus.status)
            .where(LaoStatus.snapshot_id == baseline.id))}

    def certified_per_lao(cells: dict[tuple[int, int], int]) -> Counter:
        return Counter(lao for (lao, _), status in cells.items() if status == CERTIFIED)

    cert_before, cert_after = certified_per_lao(before), certified_per_lao(after)
    complete_before = {lao for lao, n in cert_before.items() if n == n_domains}
    complete_after = {lao for lao, n in cert_after.items() if n == n_domains}
    regressed = [key for key, status in before.items() if status == CERTIFIED and after.get(key, 0) < CERTIFIED]
    newly = Counter(province_of[lao] for lao in complete_after - complete_before)
    return ImportImpact(
        laos=len(province_of), covered=len({lao for lao, _ in after}),
        baseline_id=baseline.id if baseline else None, baseline_as_of=baseline.as_of if baseline else None,
        covered_before=len({lao for lao, _ in before}), complete_before=len(complete_before),
        complete_after=len(complete_after), complete_lost=len(complete_before - complete_after),
        cells_regressed=len(regressed), laos_regressed=len({lao for lao, _ in regressed}),
        newly_complete=dict(sorted(newly.items())),
    )
