"""INFO Oversight data layer: the only place that talks SQL.

Everything a page, an export or the CLI shows is computed here (see `figures`), so the numbers agree everywhere.
"""
