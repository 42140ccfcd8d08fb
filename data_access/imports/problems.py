"""Import problems: every one is reported, none is fatal on its own, and any of them rejects the whole file."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    row: int | None  # as a spreadsheet shows it: the header is row 1; None for a problem of the whole file
    column: str | None
    reason: str

    def __str__(self) -> str:
        if self.row is None:
            return f"file: {self.reason}"
        return f"row {self.row}, column {self.column}: {self.reason}"


class ImportRejected(Exception):
    """The file was not imported; the database is unchanged."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.row is not None, p.row or 0, p.column or "", p.reason))
        super().__init__("\n".join(str(p) for p in self.problems))


def file_problem(reason: str) -> ImportRejected:
    return ImportRejected([Problem(None, None, reason)])


def write_problems_csv(problems: list[Problem], path: str) -> None:
    """The same list as stderr, as a file a coordinator can open in Excel (UTF-8 with BOM so Thai shows)."""
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["แถว (row)", "คอลัมน์ (column)", "ปัญหา (problem)"])
        for p in problems:
            out.writerow(["file" if p.row is None else p.row, p.column or "", p.reason])
