"""A new Veiligheidshuis gets the default meeting kinds and closing reasons to edit."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from zvh.network.models import Veiligheidshuis

from .defaults import casework_defaults_seed
from .models import CloseReason, MeetingKind


@receiver(post_save, sender=Veiligheidshuis, dispatch_uid="casework_seed_defaults")
def _seed(sender, instance: Veiligheidshuis, created: bool, raw: bool, **kwargs) -> None:
    if created and not raw:
        casework_defaults_seed(
            veiligheidshuis_id=instance.pk, kind_model=MeetingKind, reason_model=CloseReason
        )
