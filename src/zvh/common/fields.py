"""Model fields shared by the domain apps."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """A list of distinct values from one ``TextChoices`` enum, stored as JSON.

    Used for small configuration sets (the outcomes a Veiligheidshuis offers, its intake channels)
    that must work the same on SQLite and PostgreSQL. Forms render it as checkboxes.
    """

    def __init__(self, *args: Any, choices_enum: type[models.TextChoices], **kwargs: Any) -> None:
        self.choices_enum = choices_enum
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_enum"] = self.choices_enum
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if not isinstance(value, list):
            raise ValidationError(_("Expected a list of choices."), code="invalid")
        allowed = set(self.choices_enum.values)
        unknown = [item for item in value if item not in allowed]
        if unknown:
            raise ValidationError(
                _("Unknown choice(s): %(items)s."),
                code="invalid_choice",
                params={"items": ", ".join(map(str, unknown))},
            )
        if len(set(value)) != len(value):
            raise ValidationError(_("A choice is listed twice."), code="duplicate")

    def formfield(self, **kwargs: Any) -> forms.Field:
        return forms.TypedMultipleChoiceField(
            choices=self.choices_enum.choices,
            coerce=str,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
        )
