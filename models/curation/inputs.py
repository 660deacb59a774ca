"""What an analyst enters in the curation forms: plain dataclasses, text as typed (empty = not given)."""
from __future__ import annotations

from dataclasses import dataclass, field

LAUNCH_CLASSES = ("SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV", "cruise", "unknown")
OUTCOMES = ("success", "failure", "unknown")
CONFIRMATIONS = ("confirmed", "unconfirmed", "unknown")
ZONES = ("KST", "UTC")
VOTE_CHOICES = ("yes", "no", "abstain", "absent")
SERIES_CHOICES = ("us_led", "e10", "context", "g7")
KIND_CHOICES = ("joint_statement", "press_statement", "presidential_statement")
RECORD_KINDS = ("launch", "statement", "vote", "designation")


@dataclass
class SourceInput:
    """A public source a fact rests on."""

    publisher: str
    url: str
    accessed: str                     # YYYY-MM-DD
    quote: str = ""

    def as_dict(self) -> dict:
        return {"publisher": self.publisher, "url": self.url, "accessed": self.accessed, "quote": self.quote}

    @classmethod
    def from_dict(cls, data: dict) -> "SourceInput":
        return cls(data.get("publisher", ""), data.get("url", ""), data.get("accessed", ""), data.get("quote", ""))

    def label(self) -> str:
        return f"{self.publisher} ({self.url}, accessed {self.accessed})"


@dataclass
class LaunchInput:
    date: str
    time: str = ""
    zone: str = "KST"
    missile_class: str = "unknown"
    missile_name: str = ""
    count: int = 1
    site: str = ""
    apogee_km: str = ""
    range_km: str = ""
    outcome: str = "unknown"
    confirmation: str = "unknown"
    sources: list[SourceInput] = field(default_factory=list)


@dataclass
class StatementInput:
    statement_id: str
    date: str
    title: str
    series: str = ""
    kind: str = "joint_statement"
    venue: str = ""
    url: str = ""
    trigger_launch_ids: list[str] = field(default_factory=list)
    signatories: list[str] | None = field(default_factory=list)    # None: "list not recorded"
    sources: list[SourceInput] = field(default_factory=list)


@dataclass
class VoteInput:
    symbol: str
    date: str
    adopted: bool | None = None
    votes: dict[str, str] = field(default_factory=dict)
    url: str = ""
    sources: list[SourceInput] = field(default_factory=list)


@dataclass
class DesignationEdit:
    designation_id: int
    designated_on: str = ""
    date_source: SourceInput | None = None
    revenue_streams: list[str] | None = None
    notes: str | None = None
    links: list[int] | None = None
    sources: list[SourceInput] = field(default_factory=list)


@dataclass
class ClaimInput:
    """A claim about how many missiles were launched on one Korea date."""

    day: str
    missiles: int
    source: SourceInput


@dataclass(frozen=True)
class Problem:
    """One reason an input is refused: the field it concerns and a sentence to show beside it."""

    field: str
    message: str

    @property
    def reason(self) -> str:
        return self.message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def problems_by_field(problems: list[Problem]) -> dict[str, str]:
    """{field: reasons joined by '; '}: what a form shows beside each widget (empty: valid)."""
    out: dict[str, str] = {}
    for p in problems:
        out[p.field] = f"{out[p.field]}; {p.message}" if p.field in out else p.message
    return out
