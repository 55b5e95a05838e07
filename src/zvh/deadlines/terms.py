"""The reply term a Veiligheidshuis promises its registrants."""

from dataclasses import dataclass

from zvh.network.enums import TermUnit


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyTerm:
    """A number of calendar or working days; always at least one."""

    amount: int
    unit: TermUnit

    def __post_init__(self) -> None:
        if self.amount < 1:
            raise ValueError("A reply term is at least one day.")
