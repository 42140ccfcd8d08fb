"""Years and dates checked where they enter (command line, environment, browser import), so a Christian-Era year
typed as a fiscal year, or a Buddhist-Era date typed as an ISO date, is caught with a sentence that suggests the
right value instead of producing a deadline in 1480 or −198,311 days left."""

from datetime import date

from data_access.reference import fiscal_year_start

BE_OFFSET = 543
# Fiscal years this product can mean: INFO began long after 2500 (1957); 2700 is 2157 CE.
FISCAL_YEAR_MIN, FISCAL_YEAR_MAX = 2500, 2700
# Calendar dates (CE) this product can mean; a year from 2400 on is a Buddhist-Era year written as CE.
DAY_MIN, DAY_MAX = date(1957, 1, 1), date(2157, 12, 31)
BE_LOOKING_YEAR = 2400


def fiscal_year_problem(year: int) -> str | None:
    """None when `year` is a plausible Buddhist-Era fiscal year, else a sentence."""
    if FISCAL_YEAR_MIN <= year <= FISCAL_YEAR_MAX:
        return None
    if FISCAL_YEAR_MIN - BE_OFFSET <= year <= FISCAL_YEAR_MAX - BE_OFFSET:
        return (f"fiscal year {year} looks like a Christian-Era year: fiscal years are Buddhist Era "
                f"(did you mean {year + BE_OFFSET}?)")
    return f"fiscal year {year} is not a Buddhist-Era year between {FISCAL_YEAR_MIN} and {FISCAL_YEAR_MAX}"


def day_problem(day: date, what: str) -> str | None:
    """None when `day` is a plausible calendar (CE) date, else a sentence naming `what` it is."""
    if day.year >= BE_LOOKING_YEAR:
        try:
            meant = day.replace(year=day.year - BE_OFFSET).isoformat()
        except ValueError:  # 29 February of a year that is not a leap year in CE
            meant = f"{day.year - BE_OFFSET}-{day:%m-%d}"
        return f"{what} {day.isoformat()} looks like a Buddhist-Era date: give it in CE (did you mean {meant}?)"
    if not DAY_MIN <= day <= DAY_MAX:
        return f"{what} {day.isoformat()} is not a plausible date (between {DAY_MIN} and {DAY_MAX})"
    return None


def check_fiscal_year(year: int) -> None:
    problem = fiscal_year_problem(year)
    if problem:
        raise ValueError(problem)


def check_as_of(as_of: date, fiscal_year: int, today: date | None) -> None:
    """The day an export was taken: a real CE date, not after today, not before its fiscal year began."""
    problem = day_problem(as_of, "the as-of date")
    if problem:
        raise ValueError(problem)
    if today is not None and as_of > today:
        raise ValueError(f"the as-of date {as_of:%Y-%m-%d} is after today ({today:%Y-%m-%d})")
    start = fiscal_year_start(fiscal_year)
    if as_of < start:
        raise ValueError(f"the as-of date {as_of:%Y-%m-%d} is before fiscal year {fiscal_year} began "
                         f"({start:%Y-%m-%d})")


def fiscal_year_argument(text: str) -> int:
    """argparse `type=` for --fiscal-year in every command line: a plausible Buddhist-Era year, or a sentence."""
    from argparse import ArgumentTypeError

    try:
        year = int(text)
    except ValueError:
        raise ArgumentTypeError(f"'{text[:40]}' is not a year (a Buddhist-Era year such as 2566)") from None
    problem = fiscal_year_problem(year)
    if problem:
        raise ArgumentTypeError(problem)
    return year
