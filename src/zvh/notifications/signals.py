"""What notifications answers: a new Veiligheidshuis gets its own copy of the shipped mail
templates to edit; a submitted registration is acknowledged and the meldpunt told."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from zvh.network.models import Veiligheidshuis
from zvh.registrations.signals import registration_submitted

from .services import notify_registration_received
from .template_services import mail_templates_seed


@receiver(post_save, sender=Veiligheidshuis, dispatch_uid="notifications_seed_templates")
def _seed_templates(sender, instance: Veiligheidshuis, created: bool, raw: bool, **kwargs) -> None:
    if created and not raw:
        mail_templates_seed(veiligheidshuis=instance)


@receiver(registration_submitted, dispatch_uid="notifications_registration_received")
def _registration_received(sender, registration, **kwargs) -> None:
    notify_registration_received(registration=registration)
