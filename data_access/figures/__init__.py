"""Numbers going out: the figures of DOMAIN.md §6 (`counts`), rollups, deadline risk, year over year, the standing, the LAO-level reads and the chase list.

The names of `counts` are re-exported here: `figures.summary(...)` is what pages, reports and the CLI call."""

from data_access.figures.counts import (  # noqa: F401
    NO_SNAPSHOT,
    UnknownFiscalYear,
    UnknownProvince,
    SnapshotInfo,
    FiscalYearInfo,
    Counts,
    Summary,
    data_version,
    fiscal_years,
    fiscal_year_info,
    snapshots,
    district_key,
    SUM_KEYS,
    ROLLUP_KEYS,
    GROUP_COLUMNS,
    group_counts,
    district_counts,
    STATUS_NAMES,
    domain_counts,
    province_names,
    province_figures,
    days_left,
    COUNT_KEYS,
    summary,
    completion_trend,
)
