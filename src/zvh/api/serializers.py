"""Serializers of the API: the configuration partners read, and the strict base for input."""

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import TextChoices
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from zvh.deadlines.terms import TermUnit
from zvh.network.enums import IntakeChannel, Outcome


class StrictSerializer(serializers.Serializer):
    """Input serializer that refuses fields it does not know (code ``unknown_field``), so a typo
    in a partner system is an error instead of silently lost data."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(str(key) for key in set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        key: [
                            serializers.ErrorDetail(
                                "This field is not part of the request.", code="unknown_field"
                            )
                        ]
                        for key in unknown
                    }
                )
        return super().to_internal_value(data)


class RowSerializer(serializers.Serializer):
    """Output serializer for long lists: exactly what ``Serializer.to_representation`` gives,
    with each field's lookup worked out once per serializer instead of once per row and field.

    A field that reads its ``source`` with DRF's plain lookup (``Field.get_attribute``) reads
    it here with ``getattr`` along the dotted path; whenever that lookup meets anything DRF
    treats specially (a missing attribute or ``None`` part-way, a missing related object, a
    callable or a mapping), the field falls back to DRF's own lookup, as do all other fields
    (method fields, related fields)."""

    @cached_property
    def _row_plan(self) -> list[tuple[str, tuple[str, ...] | None, serializers.Field]]:
        plain = serializers.Field.get_attribute
        return [
            (
                field.field_name,
                tuple(field.source_attrs) if type(field).get_attribute is plain else None,
                field,
            )
            for field in self._readable_fields
        ]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        ret: dict[str, Any] = {}
        for name, attrs, field in self._row_plan:
            value = _plain_lookup(instance, attrs) if attrs is not None else _FALLBACK
            if value is _FALLBACK:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                if isinstance(value, PKOnlyObject):
                    ret[name] = None if value.pk is None else field.to_representation(value)
                    continue
            ret[name] = None if value is None else field.to_representation(value)
        return ret


_FALLBACK = object()


def _plain_lookup(instance: Any, attrs: tuple[str, ...]) -> Any:
    """``getattr`` along ``attrs``, or ``_FALLBACK`` where DRF's lookup would do more."""
    value = instance
    try:
        for index, attr in enumerate(attrs):
            if index and (value is None or isinstance(value, Mapping)):
                return _FALLBACK
            value = getattr(value, attr)
            if callable(value):
                return _FALLBACK
    except (AttributeError, ObjectDoesNotExist):
        return _FALLBACK
    return value


class ChoiceSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code; use this in requests.")
    label = serializers.CharField(help_text="English label.")


def choices(enum: type[TextChoices], values: Any) -> list[dict[str, str]]:
    """Values of a choices enum as ``{code, label}``, in the enum's order."""
    return [
        {"code": value, "label": str(label)} for value, label in enum.choices if value in values
    ]


class ReplyTermSerializer(serializers.Serializer):
    amount = serializers.IntegerField(source="reply_term_amount", min_value=1)
    unit = serializers.ChoiceField(source="reply_term_unit", choices=TermUnit.choices)


class CriterionSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    text = serializers.CharField()


class LifeDomainSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Refer to a life domain by this id.")
    position = serializers.IntegerField(help_text="Order within the Veiligheidshuis (unique).")
    name = serializers.CharField()


class VeiligheidshuisSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Short code, e.g. `MST`; unique.")
    name = serializers.CharField()
    region = serializers.CharField()
    reply_term = ReplyTermSerializer(source="*", help_text="The registrant hears back within it.")
    offered_outcomes = serializers.SerializerMethodField(
        help_text="The triage outcomes this Veiligheidshuis offers."
    )
    intake_channels = serializers.SerializerMethodField()
    criteria = CriterionSerializer(
        many=True, help_text="The screening questions, in order (answered yes/no)."
    )
    life_domains = LifeDomainSerializer(many=True)

    @extend_schema_field(ChoiceSerializer(many=True))
    def get_offered_outcomes(self, obj: Any) -> list[dict[str, str]]:
        return choices(Outcome, obj.offered_outcomes)

    @extend_schema_field(ChoiceSerializer(many=True))
    def get_intake_channels(self, obj: Any) -> list[dict[str, str]]:
        return choices(IntakeChannel, obj.intake_channels)


class MunicipalitySerializer(serializers.Serializer):
    cbs_code = serializers.CharField(help_text="CBS code, e.g. `GM0935`; unique.")
    name = serializers.CharField()
    veiligheidshuis = serializers.CharField(
        source="veiligheidshuis.code",
        allow_null=True,
        help_text="Code of the serving Veiligheidshuis; null if none in zvh serves it.",
    )


class TargetGroupSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Unique within its Veiligheidshuis.")
    name = serializers.CharField()
    veiligheidshuis = serializers.CharField(source="veiligheidshuis.code")


class MunicipalityFilterSerializer(StrictSerializer):
    """Query parameters of the municipality list."""

    veiligheidshuis = serializers.RegexField(
        r"^[A-Za-z]{2,5}$",
        required=False,
        help_text="Only municipalities served by the Veiligheidshuis with this code.",
    )
    served = serializers.BooleanField(
        required=False,
        help_text="`true`: only municipalities a Veiligheidshuis in zvh serves; `false`: only "
        "the others.",
    )

    def to_internal_value(self, data: Any) -> Any:
        # Other query parameters (paging) are not this serializer's business.
        return super().to_internal_value({k: v for k, v in data.items() if k in self.fields})
