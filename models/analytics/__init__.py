"""Pure computations over the store's tables (no Qt, no I/O beyond store queries)."""
