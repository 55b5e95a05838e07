"""Reads of the network configuration."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Municipality, Organisation, TargetGroup, Veiligheidshuis


def veiligheidshuis_serving(*, municipality: Municipality) -> Veiligheidshuis:
    """The Veiligheidshuis that serves a municipality; refused when none is configured."""
    if municipality.veiligheidshuis_id is None:
        raise ValidationError(
            _(
                "No Veiligheidshuis in zvh serves %(name)s. Contact the Zorg- en Veiligheidshuis "
                "of that region directly."
            )
            % {"name": municipality.name},
            code="municipality_not_served",
        )
    veiligheidshuis = municipality.veiligheidshuis
    assert veiligheidshuis is not None, "veiligheidshuis_id is set"
    return veiligheidshuis


def target_groups_for_municipality(*, municipality: Municipality) -> QuerySet[TargetGroup]:
    """A target group is offered only for the municipalities it applies to."""
    # An unserved municipality has no Veiligheidshuis: Django reads the None as IS NULL, which
    # no target group matches; django-stubs rejects None in a lookup.
    return TargetGroup.objects.filter(
        municipalities=municipality,
        veiligheidshuis_id=municipality.veiligheidshuis_id,  # type: ignore[misc]
    ).order_by("name")


def served_municipalities() -> QuerySet[Municipality]:
    """Municipalities some Veiligheidshuis serves: the ones a registration may name."""
    return Municipality.objects.filter(veiligheidshuis__isnull=False).order_by("name")


def networks_of(*, organisation: Organisation) -> QuerySet[Veiligheidshuis]:
    """The Veiligheidshuizen an organisation works with: the networks it joined, or its own."""
    if organisation.veiligheidshuis_id is not None:
        return Veiligheidshuis.objects.filter(pk=organisation.veiligheidshuis_id)
    return organisation.networks.order_by("name")
