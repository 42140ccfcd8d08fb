"""Honest evaluation of the deadline risk (data_access/figures/risk.py): replay a fiscal year from the dated events of its
final snapshot at 30, 14 and 7 days before the deadline, judge every LAO not complete on that day, and score the
judgement against what actually happened by the deadline.

    python -m bench.risk_backtest [--fiscal-year 2565 --fiscal-year 2566] [--database-url URL]

Without a database URL it seeds the demo data into a temporary SQLite file. Demo data is synthetic: its LAOs follow
behaviours we wrote (steady, burst, late rush, stalled, never), so these figures say the rule reads those shapes,
not that it predicts real LAOs; rerun it on a database of real INFO exports for that.

Printed per fiscal year and cut-off: LAOs judged, how many missed in fact, precision and recall of "will miss" and
of "will miss or at risk", and the Brier score of p_finish (with the Brier score of always predicting the base rate
beside it: lower is better, and below the base rate means the rule knows something).
"""

import argparse
import tempfile
from datetime import date, timedelta
from pathlib import Path

from data_access.figures import risk
from data_access.db import engine as make_engine
from data_access.access.scope import Scope

CUTOFFS = (30, 14, 7)


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def backtest(eng, year: int) -> list[dict]:
    final = risk.read_inputs(eng, year, Scope.national())
    finished = risk.finished_by(final, final.deadline)
    previous = risk.previous_year_finishers(eng, year, Scope.national())
    rows = []
    for days in CUTOFFS:
        day = final.deadline - timedelta(days=days)
        judged = risk.assess(risk.as_of_day(final, day), day, previous)
        missed = ~judged["code"].isin(list(finished))
        for label, flagged in (("will miss", judged["level"] == risk.WILL_MISS),
                               ("will miss or at risk", judged["level"] != risk.ON_TRACK)):
            tp = int((flagged & missed).sum())
            rows.append({"fiscal_year": year, "days_before": days, "flag": label, "judged": len(judged),
                         "missed": int(missed.sum()), "flagged": int(flagged.sum()),
                         "precision": _ratio(tp, int(flagged.sum())), "recall": _ratio(tp, int(missed.sum()))})
        outcome = (~missed).astype(float)
        base = outcome.mean() if len(outcome) else 0.0
        for row in rows[-2:]:
            row["brier"] = float(((judged["p_finish"] - outcome) ** 2).mean()) if len(judged) else None
            row["brier_base_rate"] = float(((base - outcome) ** 2).mean()) if len(judged) else None
    return rows


def _fmt(value) -> str:
    return "—" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(prog="python -m bench.risk_backtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--fiscal-year", type=int, action="append", dest="years")
    parser.add_argument("--database-url", help="default: fresh demo data in a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    years = args.years or [2565, 2566]
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url
        if url is None:
            from data_access.demo import seed_demo

            url = f"sqlite:///{Path(tmp) / 'demo.sqlite'}"
            seed_demo(make_engine(url), seed=args.seed, today=date(2026, 11, 26))
        eng = make_engine(url)
        rows = [row for year in years for row in backtest(eng, year)]
    columns = ("fiscal_year", "days_before", "flag", "judged", "missed", "flagged", "precision", "recall", "brier",
               "brier_base_rate")
    print(" | ".join(columns))
    for row in rows:
        print(" | ".join(_fmt(row[c]) for c in columns))
    return rows


if __name__ == "__main__":
    main()
