"""The meeting kinds and closing reasons every Veiligheidshuis starts with (then edits)."""

from django.db import models

MEETING_KINDS = ("Casusoverleg", "Triageoverleg", "Multidisciplinair overleg")
CLOSE_REASONS = (
    "Doelen bereikt",
    "Overgedragen aan het lokale team of een andere organisatie",
    "Cliënt werkt niet mee",
    "Verhuisd buiten de regio",
    "Overige reden",
)


def casework_defaults_seed(
    *, veiligheidshuis_id: int, kind_model: type[models.Model], reason_model: type[models.Model]
) -> None:
    """Create the default kinds and reasons a Veiligheidshuis does not have yet (the models are
    passed in so a migration can use its historical ones)."""
    for position, name in enumerate(MEETING_KINDS, start=1):
        kind_model.objects.get_or_create(  # type: ignore[attr-defined]
            veiligheidshuis_id=veiligheidshuis_id, name=name, defaults={"position": position}
        )
    for position, name in enumerate(CLOSE_REASONS, start=1):
        reason_model.objects.get_or_create(  # type: ignore[attr-defined]
            veiligheidshuis_id=veiligheidshuis_id, name=name, defaults={"position": position}
        )
