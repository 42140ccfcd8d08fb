"""The rooms of docs/ARCHITECTURE.md and what each may import, checked on the source: a change that puts SQL in a
page, Streamlit in the data layer or arithmetic in a page fails here, with the file and line."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_CODE = ("app_pages", "components", "reports", "geo", "ops", "dashboard.py")
# What code outside data_access may take from SQLAlchemy: the Engine type it passes on, and the exceptions it
# turns into a sentence. Statements (select, text, func, the ORM) stay in data_access.
SQLALCHEMY_OUTSIDE = {"sqlalchemy": {"Engine"}, "sqlalchemy.exc": None}
# Pages read views and render them: no frames, figures or SQL of their own. (They may hold the engine, data_access.db,
# to hand it to a write or a report builder on a click.)
PAGE_FORBIDDEN = ("pandas", "numpy", "plotly", "sqlalchemy", "data_access.figures.counts")


def _files(*rooms: str):
    for room in rooms:
        path = ROOT / room
        yield from ([path] if path.suffix == ".py" else sorted(path.rglob("*.py")))


def imports(path: Path):
    """(line, module, names) of every import in `path`; names is None for `import x`."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module, {alias.name for alias in node.names}


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def _under(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_sql_lives_only_in_data_access():
    wrong = []
    for path in _files(*APP_CODE):
        for line, module, names in imports(path):
            if not _under(module, "sqlalchemy"):
                continue
            allowed = SQLALCHEMY_OUTSIDE.get(module, set())
            if allowed is not None and (names is None or not names <= allowed):
                wrong.append(f"{_where(path, line)} imports {module} {sorted(names or [])}")
    assert not wrong, "SQL outside data_access:\n" + "\n".join(wrong)


def test_the_data_layer_knows_nothing_of_streamlit_pages_or_components():
    wrong = [f"{_where(path, line)} imports {module}"
             for path in _files("data_access") if path.name != "cached.py"  # cached.py is Streamlit's cache
             for line, module, _ in imports(path)
             if _under(module, "streamlit", "components", "app_pages", "reports")]
    assert not wrong, "\n".join(wrong)


def test_pages_compute_nothing_and_nothing_imports_a_page():
    wrong = [f"{_where(path, line)} imports {module}" for path in _files("app_pages")
             for line, module, _ in imports(path) if _under(module, *PAGE_FORBIDDEN)]
    wrong += [f"{_where(path, line)} imports {module}" for path in _files(*APP_CODE, "data_access")
              for line, module, _ in imports(path) if _under(module, "app_pages")]
    assert not wrong, "\n".join(wrong)


def test_the_checks_see_real_imports(tmp_path):
    """A negative control: the walker finds a forbidden import where one is."""
    page = tmp_path / "page.py"
    page.write_text("import pandas as pd\nfrom sqlalchemy import select, Engine\nfrom data_access import cached\n")
    found = list(imports(page))
    assert (1, "pandas", None) in found and (2, "sqlalchemy", {"select", "Engine"}) in found
    assert not {"select", "Engine"} <= SQLALCHEMY_OUTSIDE["sqlalchemy"]
