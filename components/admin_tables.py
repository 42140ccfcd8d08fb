"""The administration page's tables: snapshots, users and the audit trail, as DataFrames for st.dataframe (which
shows text as typed, never as Markdown). Times are shown in Asia/Bangkok."""

from datetime import datetime, timezone

import pandas as pd

from components.i18n import t
from data_access.config import BANGKOK
from data_access.admin.snapshots import SnapshotRow
from data_access.access.users import User

ROLES = ("national", "province", "admin")


def bangkok(moment: datetime | None) -> str:
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(BANGKOK).strftime("%Y-%m-%d %H:%M:%S")


def snapshot_table(rows: list[SnapshotRow], lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("ad_col_id", lang): [r.id for r in rows],
        t("ad_col_as_of", lang): [r.as_of.isoformat() for r in rows],
        t("ad_col_file", lang): [r.source_name for r in rows],
        t("ad_col_rows", lang): [r.rows for r in rows],
        t("ad_col_by", lang): [r.imported_by or "" for r in rows],
        t("ad_col_at", lang): [bangkok(r.imported_at) for r in rows],
        t("ad_col_withdrawn", lang): [bangkok(r.withdrawn_at) for r in rows],
        t("ad_col_withdrawn_by", lang): [r.withdrawn_by or "" for r in rows],
        t("ad_col_reason", lang): [r.withdrawn_reason or "" for r in rows],
    })


def role_label(role: str, lang: str) -> str:
    return t(f"ad_role_{role}", lang)


def province_label(code: str, names: pd.DataFrame, lang: str) -> str:
    column = "name_en" if lang == "en" else "name_th"
    found = names.loc[names["code"] == code, column]
    return f"{code} {found.iloc[0]}" if len(found) else code


def user_table(users: list[User], names: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("ad_col_email", lang): [u.email for u in users],
        t("ad_col_role", lang): [role_label(u.role, lang) for u in users],
        t("ad_col_provinces", lang): [", ".join(province_label(c, names, lang) for c in u.provinces) for u in users],
    })


AUDIT_COLUMNS = ("at", "actor", "action", "outcome", "fiscal_year", "target", "source_name", "row_count",
                 "problem_count", "detail")


def audit_table(entries: list[dict], lang: str) -> pd.DataFrame:
    """Newest first, as data_access.access.audit.entries gives them."""
    table = pd.DataFrame(entries, columns=list(AUDIT_COLUMNS))
    table["at"] = [bangkok(at) for at in table["at"]]
    for column in ("fiscal_year", "row_count", "problem_count"):
        table[column] = table[column].astype("Int64")
    return table.rename(columns={column: t(f"ad_audit_{column}", lang) for column in AUDIT_COLUMNS})


def scope_label(scope: str, names: pd.DataFrame, lang: str) -> str:
    return t("ad_digest_national", lang) if scope == "national" else province_label(scope, names, lang)


def recipient_table(recipients, names: pd.DataFrame, sent: dict[str, dict], lang: str) -> pd.DataFrame:
    """Who gets tomorrow's digest, what it covers, and what happened to today's (data_access/subscriptions)."""
    def follows(r) -> str:
        parts = ([t("ad_digest_national", lang)] if r.national else []) + [
            province_label(code, names, lang) for code in r.provinces]
        return ", ".join(parts)

    return pd.DataFrame({
        t("ad_digest_col_email", lang): [r.email for r in recipients],
        t("ad_digest_col_follows", lang): [follows(r) for r in recipients],
        t("ad_digest_col_as", lang): [t("ad_digest_as_office", lang) if r.as_office_of else
                                      t("ad_digest_as_subscriber", lang) for r in recipients],
        t("ad_digest_col_today", lang): [t(f"ad_digest_state_{sent[r.email]['state']}", lang)
                                         if r.email in sent else "" for r in recipients],
        t("ad_digest_col_error", lang): [(sent.get(r.email) or {}).get("error") or "" for r in recipients],
    })
