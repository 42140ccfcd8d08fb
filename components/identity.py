"""Who is using the app, and what they may see (DOMAIN.md §9). The scope comes from here, never from the URL.

- `[auth]` in `.streamlit/secrets.toml`: sign-in through Streamlit's own OpenID Connect (`st.login`); the user is the
  `email` claim, and their role and provinces come from the database (`users …`).
- No `[auth]` (open mode): no sign-in. Allowed on demo data; on imported data only with INFO_OPEN_ACCESS=1, and then
  every page says the data is open to anyone who can reach the server. Open mode reads like `national`; imports,
  withdrawals and user changes always need a signed-in admin.

`oidc_email()` is the one place the identity enters: AppTest cannot sign a user in (its script runner hard-codes a
test user), so page tests replace this function with a fixture (tests/app/identity.py).
"""

import os
from dataclasses import dataclass

import streamlit as st

from data_access.access.scope import Scope
from data_access.access.users import User, normalise_email

SIGNED_IN, NO_ROLE, SIGNED_OUT, OPEN, OPEN_REFUSED = "signed-in", "no-role", "signed-out", "open", "open-refused"


@dataclass(frozen=True)
class Access:
    state: str  # one of the constants above
    user: User | None = None  # for SIGNED_IN
    email: str | None = None  # for SIGNED_IN and NO_ROLE

    @property
    def may_read(self) -> bool:
        return self.state in (SIGNED_IN, OPEN)

    @property
    def scope(self) -> Scope:
        """What may be seen at LAO level. Only call when may_read."""
        if self.state == OPEN:
            return Scope.national()
        if self.user is None:
            raise PermissionError("no scope without a role")
        return self.user.scope

    @property
    def is_admin(self) -> bool:
        return self.user is not None and self.user.is_admin

    @property
    def actor(self) -> str:
        """Who to name in the audit trail."""
        return self.email or "open-mode visitor"

    def may_see_province(self, code: str) -> bool:
        scope = self.scope
        return scope.is_national or code in scope.provinces


def auth_configured() -> bool:
    try:
        return bool(st.secrets.get("auth"))
    except (FileNotFoundError, KeyError, OSError):
        return False
    except Exception as exc:  # a malformed secrets.toml: Streamlit raises its own error types
        if type(exc).__module__.startswith("streamlit"):
            return False
        raise


def oidc_email() -> str | None:
    """The signed-in email claim, or None. Replaced by tests/app/identity.py in AppTest."""
    if not st.user.get("is_logged_in"):
        return None
    email = st.user.get("email")
    return normalise_email(email) if isinstance(email, str) and email.strip() else None


def open_access_allowed() -> bool:
    return os.environ.get("INFO_OPEN_ACCESS", "").strip() == "1"


def resolve_access(find_user, demo: bool) -> Access:
    """`find_user(email) -> User | None` reads the users table (cached by the caller)."""
    if not auth_configured():
        return Access(OPEN if demo or open_access_allowed() else OPEN_REFUSED)
    email = oidc_email()
    if email is None:
        return Access(SIGNED_OUT)
    user = find_user(email)
    return Access(SIGNED_IN, user, email) if user else Access(NO_ROLE, None, email)


def current_access() -> Access:
    """The Access that dashboard.py resolved for this run."""
    return st.session_state["access"]
