from components.kpis import kpis
from data_access.figures import Counts


def test_kpis_come_from_the_counts_with_one_decimal_percentages():
    counts = Counts(laos=7849, complete=4922, in_progress=2439, not_started=488, cells=62792,
                    cells_certified=48061, completion_rate=4922 / 7849)
    items = {k.key: k for k in kpis(counts, "th")}
    assert (items["laos"].value, items["laos"].note) == ("7,849", None)
    assert (items["complete"].value, items["complete"].note) == ("4,922", "62.7%")
    assert (items["in_progress"].value, items["in_progress"].note) == ("2,439", "31.1%")
    assert (items["not_started"].value, items["not_started"].note) == ("488", "6.2%")
    assert (items["cells_certified"].value, items["cells_certified"].note) == ("76.5%", "48,061 / 62,792")
    assert [k.label for k in kpis(counts, "en")] == ["LAOs", "Complete", "In progress", "Not started",
                                                     "Domains certified"]


def test_empty_scope_does_not_divide_by_zero():
    items = kpis(Counts(), "en", thai_digits=True)
    assert [k.value for k in items] == ["๐", "๐", "๐", "๐", "๐.๐%"]
