"""Pure render functions: they take data (DataFrames, dataclasses), never SQL."""
