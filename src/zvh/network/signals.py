"""Guards that hold whichever code path changes the data (admin, loader, shell)."""

from typing import Any

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import Municipality, TargetGroup
from .validation import validate_target_group_scope


@receiver(m2m_changed, sender=TargetGroup.municipalities.through)
def target_group_scope_guard(
    *, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_: Any
) -> None:
    """A target group applies only to municipalities its own Veiligheidshuis serves."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # municipality.target_groups.add(...)
        for group in TargetGroup.objects.filter(pk__in=pk_set).select_related("veiligheidshuis"):
            validate_target_group_scope(
                veiligheidshuis=group.veiligheidshuis, municipalities=[instance]
            )
    else:
        validate_target_group_scope(
            veiligheidshuis=instance.veiligheidshuis,
            municipalities=Municipality.objects.filter(pk__in=pk_set),
        )
