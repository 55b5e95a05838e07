"""What every Veiligheidshuis starts with for the integrated approach (then edits): a neutral
five-point scale (the Zelfredzaamheid-Matrix is licensed, so its labels are not shipped) and the
measures of drang and dwang with their legal framework."""

from django.db import models

#: A neutral 1-5 scale: the labels are configuration (``ScaleLevel``).
SCALE = (
    (1, "1 - zeer zorgelijk"),
    (2, "2 - zorgelijk"),
    (3, "3 - wisselend"),
    (4, "4 - redelijk stabiel"),
    (5, "5 - stabiel"),
)
SCALE_MIN, SCALE_MAX = 1, 5

#: (measure, legal framework)
MEASURES = (
    ("Toezicht door de reclassering", "Bijzondere voorwaarden (art. 14c Sr)"),
    ("Ondertoezichtstelling", "Burgerlijk Wetboek, art. 1:255"),
    ("Zorgmachtiging", "Wet verplichte ggz"),
    ("Rechterlijke machtiging", "Wet zorg en dwang"),
    ("Voorwaardelijk aanbod", "Afspraak met gemeente of Openbaar Ministerie (drang)"),
)


def approach_defaults_seed(
    *, veiligheidshuis_id: int, scale_model: type[models.Model], measure_model: type[models.Model]
) -> None:
    """Create the default scale labels and measures a Veiligheidshuis does not have yet (the
    models are passed in so a migration can use its historical ones)."""
    for value, label in SCALE:
        scale_model.objects.get_or_create(  # type: ignore[attr-defined]
            veiligheidshuis_id=veiligheidshuis_id, value=value, defaults={"label": label}
        )
    for position, (name, framework) in enumerate(MEASURES, start=1):
        measure_model.objects.get_or_create(  # type: ignore[attr-defined]
            veiligheidshuis_id=veiligheidshuis_id,
            name=name,
            defaults={"position": position, "legal_framework": framework},
        )
