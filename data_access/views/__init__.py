"""One view model per page: a frozen dataclass holding everything a page (and the reports drawn from the same
view) shows, built by one function from the rooms below and cached by `data_access.cached` per (view, scope,
data version). Pages render these; they compute nothing themselves."""
