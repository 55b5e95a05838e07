"""A new Veiligheidshuis gets the default scale labels, measures and escalation routes to edit;
a case entering the integrated approach is directed by the procesregisseur its decision named."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from zvh.casework.models import CaseStatus, CaseStatusChange
from zvh.network.models import Veiligheidshuis

from .defaults import approach_defaults_seed
from .models import EscalationRoute, Measure, ScaleLevel
from .services.direction import direction_from_decision


@receiver(post_save, sender=Veiligheidshuis, dispatch_uid="approach_seed_defaults")
def _seed(sender, instance: Veiligheidshuis, created: bool, raw: bool, **kwargs) -> None:
    if created and not raw:
        approach_defaults_seed(
            veiligheidshuis_id=instance.pk,
            scale_model=ScaleLevel,
            measure_model=Measure,
            route_model=EscalationRoute,
        )


@receiver(post_save, sender=CaseStatusChange, dispatch_uid="approach_direction_from_decision")
def _direct(sender, instance: CaseStatusChange, created: bool, raw: bool, **kwargs) -> None:
    if created and not raw and instance.to_status == CaseStatus.INTEGRATED_APPROACH:
        direction_from_decision(case=instance.case, by=instance.by, now=instance.at)
