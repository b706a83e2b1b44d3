"""Sheet design choices by name (light: the CLI parser imports them without pandas)."""

ALLOCATIONS: tuple[str, ...] = ("equal", "proportional", "sqrt")
STRATA: tuple[str, ...] = ("signal", "period", "source")
