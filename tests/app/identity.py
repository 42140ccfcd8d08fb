"""Signing a user in for AppTest. AppTest's script runner hard-codes its own test user and cannot go through an
OpenID Connect provider, so these fixtures replace the app's one identity seam (components.identity.oidc_email)
and say that sign-in is configured; the role itself comes from the real users table, as in production. The real
sign-in is tested in a browser against a real provider (tests/browser/test_sign_in.py)."""

import pytest

from components import identity
from data_access.db import engine
from data_access.access.users import add_user


@pytest.fixture
def sign_in(monkeypatch):
    """`sign_in(email, role=None, provinces=())`: the next AppTest run is signed in as `email`; with a role, the
    user is granted it first (in the database DATABASE_URL points at). `sign_in(None)` is signed out."""

    def _sign_in(email: str | None, role: str | None = None, provinces: tuple[str, ...] = ()) -> None:
        monkeypatch.setattr(identity, "auth_configured", lambda: True)
        monkeypatch.setattr(identity, "oidc_email", lambda: email)
        if email and role:
            add_user(engine(), email, role, list(provinces), actor="test-fixture")

    return _sign_in
