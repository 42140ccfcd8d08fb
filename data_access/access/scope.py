"""Who may see what. Every read takes a Scope so no query can forget to filter (access control comes later)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    provinces: frozenset[str] | None = None  # None: the whole country

    @classmethod
    def national(cls) -> "Scope":
        return cls(None)

    @classmethod
    def of(cls, *province_codes: str) -> "Scope":
        return cls(frozenset(province_codes))

    @property
    def is_national(self) -> bool:
        return self.provinces is None

    def key(self) -> str:
        """A stable, hashable form for cache keys and logs."""
        return "all" if self.provinces is None else ",".join(sorted(self.provinces))
