"""Synthetic OFAC sdn.csv files for the reliability and fault tests (no Qt, no shared data)."""
from __future__ import annotations

from pathlib import Path


def ofac_row(ent: int, name: str, program: str = "DPRK") -> str:
    name = name.replace('"', '""')
    return (f'{ent},"{name}","individual","{program}",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
            f'"DOB 01 Jan 1970; nationality Korea, North."')


def write_sdn(path: Path, count: int, first: int = 1, program: str = "DPRK") -> Path:
    """An sdn.csv of `count` entries numbered from `first` (cp1252, CRLF, OFAC's Ctrl-Z at the end)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = (ofac_row(ent, f"SYNTHETIC PERSON {ent:07d}", program) for ent in range(first, first + count))
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252") + b"\x1a")
    return path
