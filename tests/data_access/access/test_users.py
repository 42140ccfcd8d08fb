"""Roles kept in the database (DOMAIN.md §9): add, replace, remove, list; every change audited."""

import json

import pytest

from data_access.access import audit
from data_access.access.scope import Scope
from data_access.access.users import UserError, add_user, find_user, list_users, remove_user
from tests.data_access.test_cli import cli


def test_roles_scope_and_the_audit(eng):
    add_user(eng, "  Somchai@Example.GO.TH ", "province", ["50", "51"], actor="cli:root")
    user = find_user(eng, "somchai@example.go.th")
    assert (user.role, user.provinces, user.scope) == ("province", ("50", "51"), Scope.of("50", "51"))
    assert find_user(eng, "SOMCHAI@example.go.th") == user, "emails compare case-insensitively"
    add_user(eng, "somchai@example.go.th", "national", [], actor="cli:root")  # re-adding replaces
    assert find_user(eng, "somchai@example.go.th").scope == Scope.national()
    assert [u.email for u in list_users(eng)] == ["somchai@example.go.th"]
    assert remove_user(eng, "Somchai@example.go.th", actor="cli:root")
    assert not remove_user(eng, "somchai@example.go.th", actor="cli:root")
    assert find_user(eng, "somchai@example.go.th") is None
    trail = [(e["action"], e["outcome"], e["target"]) for e in audit.entries(eng)]
    assert trail == [("user-remove", "unchanged", "somchai@example.go.th"),
                     ("user-remove", "done", "somchai@example.go.th"),
                     ("user-add", "done", "somchai@example.go.th"),
                     ("user-add", "done", "somchai@example.go.th")]


@pytest.mark.parametrize("email, role, provinces, words", [
    ("a@b", "province", [], "at least one --province"),
    ("a@b", "national", ["50"], "only for the province role"),
    ("a@b", "province", ["99"], "no province with code 99"),
    ("not-an-email", "admin", [], "is not an email address"),
    ("a\x00@b", "admin", [], "is not an email address"),
    ("a@b", "root", [], "role must be one of"),
])
def test_bad_user_changes_are_refused_and_change_nothing(eng, email, role, provinces, words):
    with pytest.raises(UserError, match=words):
        add_user(eng, email, role, provinces, actor="cli:root")
    assert list_users(eng) == [] and audit.entries(eng) == []


def test_users_cli(tmp_path):
    url = f"sqlite:///{tmp_path / 'u.sqlite'}"
    out = cli("users", "add", "Office50@moi.go.th", "--role", "province", "--province", "50", url=url)
    assert out.returncode == 0, out.stderr
    assert cli("users", "add", "x@y", "--role", "province", url=url).returncode == 2
    listed = json.loads(cli("users", "list", "--format", "json", url=url).stdout)
    assert listed == [{"email": "office50@moi.go.th", "role": "province", "provinces": ["50"]}]
    assert "office50@moi.go.th  province  50" in cli("users", "list", url=url).stdout
    assert cli("users", "remove", "office50@moi.go.th", url=url).returncode == 0
    assert json.loads(cli("users", "list", "--format", "json", url=url).stdout) == []
