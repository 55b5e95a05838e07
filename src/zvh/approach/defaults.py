"""What every Veiligheidshuis starts with for the integrated approach (then edits): a neutral
five-point scale (the Zelfredzaamheid-Matrix is licensed, so its labels are not shipped) and the
measures of drang and dwang with their legal framework, and the routes of escalation and handing
back (each house edits its own list in the admin)."""

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


#: (kind, route, form of the approach it leads to or "", receiving party by default or "")
ROUTES = (
    ("escalate", "Naar de Levensloopaanpak", "", "Levensloopaanpak"),
    ("escalate", "Van vrijwillig naar drang", "drang", ""),
    ("escalate", "Van drang naar dwang", "dwang", ""),
    ("escalate", "Naar een partner in het netwerk", "", ""),
    ("deescalate", "Terug naar het lokale team", "", "Lokaal (wijk)team van de gemeente"),
    ("deescalate", "Van drang of dwang naar vrijwillig", "voluntary", ""),
    ("deescalate", "Terug naar een organisatie in het netwerk", "", ""),
)


def escalation_routes_seed(*, veiligheidshuis_id: int, route_model: type[models.Model]) -> None:
    """Create the default routes a Veiligheidshuis does not have yet (by name)."""
    for position, (kind, name, form, party) in enumerate(ROUTES, start=1):
        route_model.objects.get_or_create(  # type: ignore[attr-defined]
            veiligheidshuis_id=veiligheidshuis_id,
            name=name,
            defaults={"position": position, "kind": kind, "form": form, "receiving_party": party},
        )


def approach_defaults_seed(
    *,
    veiligheidshuis_id: int,
    scale_model: type[models.Model],
    measure_model: type[models.Model],
    route_model: type[models.Model] | None = None,
) -> None:
    """Create the default scale labels, measures and escalation routes a Veiligheidshuis does
    not have yet (the models are passed in so a migration can use its historical ones)."""
    if route_model is not None:
        escalation_routes_seed(veiligheidshuis_id=veiligheidshuis_id, route_model=route_model)
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
