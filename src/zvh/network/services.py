"""Writes of the network configuration."""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import LifeDomain, Municipality, SelectionCriterion, TargetGroup, Veiligheidshuis
from .validation import validate_criteria, validate_life_domains, validate_target_group_scope

log = structlog.get_logger(__name__)

SHIPPED_CONFIGURATIONS = Path(__file__).parent / "configurations"


def configuration_load(*, data: Mapping[str, Any]) -> Veiligheidshuis:
    """Create or update one Veiligheidshuis, with its criteria, life domains, municipalities and
    target groups, from a configuration document (see ``configurations/*.json``).

    Loading the same document twice changes nothing. The document is checked by the same rules as
    the admin screens; on any error nothing is stored.
    """
    try:
        vh_data = data["veiligheidshuis"]
        criteria = list(data["criteria"])
        life_domains = list(data["life_domains"])
        municipalities = list(data.get("municipalities", []))
        target_groups = list(data.get("target_groups", []))
        fields = {
            "name": vh_data["name"],
            "region": vh_data["region"],
            "meldpunt_email": vh_data["meldpunt_email"],
            "reply_term_amount": vh_data["reply_term"]["amount"],
            "reply_term_unit": vh_data["reply_term"]["unit"],
            "offered_outcomes": list(vh_data["offered_outcomes"]),
            "intake_channels": list(vh_data["intake_channels"]),
        }
        code = vh_data["code"]
    except (KeyError, TypeError) as exc:
        raise ValidationError(
            _("The configuration document lacks %(key)s.") % {"key": exc}, code="incomplete"
        ) from exc

    validate_criteria(criteria)
    validate_life_domains(life_domains)
    with transaction.atomic():
        vh = Veiligheidshuis.objects.filter(code=code.upper()).first() or Veiligheidshuis(code=code)
        for name, value in fields.items():
            setattr(vh, name, value)
        vh.full_clean()
        vh.save()
        _replace_ordered(vh, SelectionCriterion, "text", criteria)
        _replace_ordered(vh, LifeDomain, "name", life_domains)
        by_code = {}
        for item in municipalities:
            municipality, _created = Municipality.objects.get_or_create(
                cbs_code=item["cbs_code"], defaults={"name": item["name"]}
            )
            municipality.name = item["name"]
            municipality.veiligheidshuis = vh
            municipality.full_clean()
            municipality.save()
            by_code[municipality.cbs_code] = municipality
        for item in target_groups:
            group, _created = TargetGroup.objects.get_or_create(
                veiligheidshuis=vh, code=item["code"], defaults={"name": item["name"]}
            )
            group.name = item["name"]
            group.full_clean()
            group.save()
            scope = [
                by_code.get(cbs) or Municipality.objects.get(cbs_code=cbs)
                for cbs in item["municipalities"]
            ]
            validate_target_group_scope(veiligheidshuis=vh, municipalities=scope)
            group.municipalities.set(scope)
    log.info("configuration_loaded", veiligheidshuis=vh.code)
    return vh


def configuration_load_file(*, path: Path) -> Veiligheidshuis:
    return configuration_load(data=json.loads(path.read_text(encoding="utf-8")))


def configurations_load_shipped() -> list[Veiligheidshuis]:
    """Load every configuration shipped with zvh (Sittard and Maastricht)."""
    return [
        configuration_load_file(path=path) for path in sorted(SHIPPED_CONFIGURATIONS.glob("*.json"))
    ]


def _replace_ordered(
    vh: Veiligheidshuis, model: type[SelectionCriterion | LifeDomain], field: str, values: list[str]
) -> None:
    """Make the numbered items 1..n of ``vh`` read ``values``, updating rows in place."""
    model.objects.filter(veiligheidshuis=vh, position__gt=len(values)).delete()
    existing = {item.position: item for item in model.objects.filter(veiligheidshuis=vh)}
    for position, value in enumerate(values, start=1):
        item = existing.get(position) or model(veiligheidshuis=vh, position=position)
        if item.pk is None or getattr(item, field) != value:
            setattr(item, field, value)
            item.save()
