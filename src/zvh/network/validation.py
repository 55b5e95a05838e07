"""Configuration rules that span more than one record. Admin forms, the configuration loader and
the m2m guard in ``signals.py`` all call these, so each rule lives here once."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Municipality, Veiligheidshuis


def validate_target_group_scope(
    *, veiligheidshuis: Veiligheidshuis, municipalities: Iterable[Municipality]
) -> None:
    """A target group applies only to municipalities its own Veiligheidshuis serves."""
    outside = sorted(m.name for m in municipalities if m.veiligheidshuis_id != veiligheidshuis.pk)
    if outside:
        raise ValidationError(
            _(
                "%(vh)s does not serve %(names)s; a target group can only apply to municipalities "
                "its own Veiligheidshuis serves."
            )
            % {"vh": veiligheidshuis.name, "names": ", ".join(outside)},
            code="target_group_scope",
        )


def validate_criteria(texts: Iterable[str]) -> None:
    """A Veiligheidshuis screens against at least one criterion, and no criterion is empty."""
    texts = list(texts)
    if not texts:
        raise ValidationError(
            _("A Veiligheidshuis needs at least one selection criterion."), code="no_criteria"
        )
    if any(not text.strip() for text in texts):
        raise ValidationError(_("A selection criterion cannot be empty."), code="empty_criterion")


def validate_life_domains(names: Iterable[str]) -> None:
    """A Veiligheidshuis keeps at least one life domain, each named once."""
    names = [name.strip() for name in names]
    if not names:
        raise ValidationError(
            _("A Veiligheidshuis needs at least one life domain."), code="no_life_domains"
        )
    if len({name.casefold() for name in names}) != len(names):
        raise ValidationError(_("A life domain is listed twice."), code="duplicate_life_domain")
