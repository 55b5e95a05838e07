"""Serializers of the API: the configuration partners read, and the strict base for input."""

from typing import Any

from django.db.models import TextChoices
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zvh.network.enums import IntakeChannel, Outcome, TermUnit


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
