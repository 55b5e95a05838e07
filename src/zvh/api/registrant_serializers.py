"""Serializers of the registrant endpoints: a registration as a partner system sends it, and as
the registering organisation may read it back (never the meldpunt's internal data)."""

from functools import cached_property
from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema_field
from rest_framework import serializers

from zvh.network.models import Municipality
from zvh.registrations.models import NotInformedReason, Relation, Urgency
from zvh.registrations.selectors import registrant_outcome, registrant_questions
from zvh.registrations.status import Status

from .serializers import RowSerializer, StrictSerializer

#: Upper bounds for free texts (the database has none; these keep requests reasonable).
LONG_TEXT = 20_000
MAX_PERSONS = 25
MAX_PARTNERS = 25
MAX_LIFE_DOMAINS = 50
MAX_ID = 2_147_483_647


class CbsCodeField(serializers.SlugRelatedField):
    """A municipality by its CBS code (any case), e.g. ``GM0935``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "CBS code of the municipality, e.g. `GM0935`.")
        super().__init__(slug_field="cbs_code", queryset=Municipality.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Municipality:
        if isinstance(data, str):
            data = data.strip().upper()
        return super().to_internal_value(data)


def _text(max_length: int, help_text: str = "", **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length,
        required=False,
        allow_blank=True,
        default="",
        help_text=help_text,
        **kwargs,
    )


class PersonInputSerializer(StrictSerializer):
    relation = serializers.ChoiceField(
        choices=[c for c in Relation.choices if c[0] != Relation.MAIN],
        required=False,
        allow_blank=True,
        default="",
        help_text="How this person relates to the registered person. Leave it out for the "
        "first person, who is always the registered person; required for the others.",
    )
    given_names = _text(200)
    surname_prefix = _text(30, "Tussenvoegsel, e.g. `van der`.")
    surname = _text(200)
    date_of_birth = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Required for the first person."
    )
    bsn = serializers.RegexField(
        r"^[0-9]{9}$",
        required=False,
        allow_blank=True,
        default="",
        help_text="Burgerservicenummer: 9 digits passing the elfproef (optional).",
    )
    street = _text(200, "Street and house number.")
    postal_code = _text(7)
    city = _text(120)
    municipality = CbsCodeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="CBS code of the municipality where the person lives; required for the first "
        "person, whose municipality decides the Veiligheidshuis.",
    )


class PartnerInputSerializer(StrictSerializer):
    organisation_name = _text(200)
    contact_name = _text(200)
    contact_phone = _text(30)
    contact_email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True, default=""
    )
    involvement = _text(300, "What the partner does for the person(s).")


REGISTRATION_EXAMPLE = {
    "persons": [
        {
            "given_names": "Jan",
            "surname": "Jansen",
            "date_of_birth": "1984-05-17",
            "bsn": "111222333",
            "street": "Markt 1",
            "postal_code": "6211 CK",
            "city": "Maastricht",
            "municipality": "GM0935",
        },
        {"relation": "child", "given_names": "Lisa", "surname": "Jansen"},
    ],
    "target_group": "huiselijk-geweld",
    "reason": "Repeated incidents of domestic violence; care refused so far.",
    "situation": "Police were called three times this month. Two children live at home.",
    "life_domains": [1, 3],
    "urgency": "normal",
    "contact_name": "A. Agent",
    "contact_phone": "0900-8844",
    "contact_email": "a.agent@politie.example",
    "client_informed": True,
    "client_informed_on": "2026-11-20",
    "client_informed_how": "By phone",
    "partners": [
        {
            "organisation_name": "Reclassering",
            "contact_name": "R. Reclasseerder",
            "contact_phone": "088-8041000",
            "involvement": "Supervision since 2025",
        }
    ],
    "submit": True,
}


class RegistrationInputSerializer(StrictSerializer):
    """The whole content of a registration. Left-out fields are empty; a draft may be
    incomplete, a submission must be complete (the same rules as the web form)."""

    persons = serializers.ListField(
        child=PersonInputSerializer(),
        min_length=1,
        max_length=MAX_PERSONS,
        help_text="The registered person first, then the other members of the family system.",
    )
    target_group = serializers.CharField(
        max_length=60,
        required=False,
        allow_null=True,
        default=None,
        help_text="Code of a target group that applies to the first person's municipality "
        "(see `/municipalities/{cbs_code}/target-groups/`); required when any applies.",
    )
    reason = _text(LONG_TEXT, "Why you register.")
    situation = _text(LONG_TEXT, "A description of the situation.")
    life_domains = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=MAX_LIFE_DOMAINS,
        required=False,
        default=list,
        help_text="Ids of life domains of the Veiligheidshuis serving the first person's "
        "municipality (see `/veiligheidshuizen/{code}/life-domains/`); at least one.",
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    urgency_explanation = _text(LONG_TEXT, "Why it is urgent (required when urgent).")
    contact_name = _text(200, "Whom the meldpunt contacts about this registration.")
    contact_phone = _text(30)
    contact_email = serializers.EmailField(
        max_length=254,
        required=False,
        allow_blank=True,
        default="",
        help_text="A phone number or an e-mail address is required.",
    )
    client_informed = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Whether the client has been informed of the registration (required).",
    )
    client_informed_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="When informed (not future)."
    )
    client_informed_how = _text(200, "How the client was informed.")
    not_informed_reason = serializers.ChoiceField(
        choices=NotInformedReason.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="The weighty reason not to inform the client (when not informed).",
    )
    not_informed_explanation = _text(LONG_TEXT)
    partners = serializers.ListField(
        child=PartnerInputSerializer(),
        max_length=MAX_PARTNERS,
        required=False,
        default=list,
        help_text="Partners already involved, each with a contact person.",
    )

    def validate_persons(self, persons: list[dict]) -> list[dict]:
        if persons[0].get("relation"):
            raise serializers.ValidationError(
                "The first person is the registered person; leave out its relation.",
                code="first_person_relation",
            )
        if persons[0].get("municipality") is None:
            raise serializers.ValidationError(
                "Give the municipality of the first person (a CBS code).",
                code="municipality_required",
            )
        return persons


class RegistrationCreateSerializer(RegistrationInputSerializer):
    submit = serializers.BooleanField(
        default=False,
        help_text="`true`: submit at once (refused with every missing field when incomplete, "
        "and then nothing is created); `false` (default): keep it as a draft.",
    )


class InformationAnswerSerializer(StrictSerializer):
    answer = serializers.CharField(max_length=LONG_TEXT, help_text="Your answer to the question.")


class AttachmentUploadSerializer(StrictSerializer):
    file = serializers.FileField(
        help_text="The document (PDF, Word, ODT, PNG, JPEG or plain text; size limited)."
    )


# --- output -------------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=Relation.choices)
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    bsn = serializers.CharField()
    street = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()
    municipality = serializers.CharField(
        source="municipality.cbs_code", allow_null=True, default=None
    )


class PartnerSerializer(serializers.Serializer):
    organisation_name = serializers.CharField()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    involvement = serializers.CharField()


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="In bytes.")
    uploaded_at = serializers.DateTimeField()


class RegistrantOutcomeSerializer(RowSerializer):
    """The decision as the registrant may see it: never the internal motivation."""

    outcome = serializers.CharField(help_text="Outcome code (see `/outcomes/`).")
    label = serializers.CharField()
    decided_at = serializers.DateTimeField()
    message = serializers.CharField(help_text="The meldpunt's message to you.")
    advice = serializers.CharField(help_text="Advice (outcome `refer_back`).")
    receiving_organisation = serializers.CharField(help_text="Outcome `refer_elsewhere`.")
    consultation_date = serializers.DateField(
        allow_null=True, help_text="Outcome `consultation_agenda`."
    )


class RegistrantQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Answer it at `…/information-requests/{id}/answer/`.")
    question = serializers.CharField()
    requested_at = serializers.DateTimeField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


class _RegistrationBase(RowSerializer):
    id = serializers.UUIDField(source="public_id", help_text="Use it in the URLs.")
    reference = serializers.CharField(
        allow_null=True, help_text="Given at submission, e.g. `MST-2026-00012`; null for a draft."
    )
    status = serializers.ChoiceField(
        choices=Status.choices,
        source="registrant_status",
        help_text="Never `closed`: a case its procesregisseur closed stays `decided` here.",
    )
    veiligheidshuis = serializers.CharField(source="veiligheidshuis.code", allow_null=True)
    created_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField(allow_null=True)
    deadline_at = serializers.DateTimeField(
        allow_null=True,
        help_text="You hear back by then; it moves on by the time the meldpunt waited for "
        "your answer to a request for information.",
    )
    outcome = serializers.SerializerMethodField()
    version = serializers.IntegerField(help_text="Also the `ETag`; send it as `If-Match`.")

    @extend_schema_field(RegistrantOutcomeSerializer(allow_null=True))
    def get_outcome(self, obj: Any) -> dict | None:
        outcome = registrant_outcome(obj)
        return self._outcome_serializer.to_representation(outcome) if outcome is not None else None

    @cached_property
    def _outcome_serializer(self) -> RegistrantOutcomeSerializer:
        """One for every row of a list (building a serializer copies its fields: per row, that
        cost more than the rest of the row)."""
        return RegistrantOutcomeSerializer()


class RegistrationSummarySerializer(_RegistrationBase):
    """A row of the list."""


class RegistrationSerializer(_RegistrationBase):
    """A registration as the registering organisation sees it."""

    channel = serializers.CharField()
    persons = serializers.SerializerMethodField()
    target_group = serializers.CharField(source="target_group.code", allow_null=True, default=None)
    reason = serializers.CharField()
    situation = serializers.CharField()
    life_domains = serializers.SerializerMethodField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    urgency_explanation = serializers.CharField()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_email = serializers.CharField()
    client_informed = serializers.BooleanField(allow_null=True)
    client_informed_on = serializers.DateField(allow_null=True)
    client_informed_how = serializers.CharField()
    not_informed_reason = serializers.CharField()
    not_informed_explanation = serializers.CharField()
    partners = serializers.SerializerMethodField()
    information_requests = serializers.SerializerMethodField()

    @extend_schema_field(PersonSerializer(many=True))
    def get_persons(self, obj: Any) -> list:
        persons = obj.persons.select_related("municipality").order_by("position")
        return PersonSerializer(persons, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_life_domains(self, obj: Any) -> list[int]:
        return list(obj.life_domains.order_by("position").values_list("pk", flat=True))

    @extend_schema_field(PartnerSerializer(many=True))
    def get_partners(self, obj: Any) -> list:
        return PartnerSerializer(obj.involved_partners.order_by("pk"), many=True).data

    @extend_schema_field(RegistrantQuestionSerializer(many=True))
    def get_information_requests(self, obj: Any) -> list:
        return RegistrantQuestionSerializer(registrant_questions(obj), many=True).data


class RegistrationFilterSerializer(StrictSerializer):
    """Query parameters of the registrant's list."""

    status = serializers.ChoiceField(
        choices=Status.choices,
        required=False,
        help_text="Only registrations in this status (`decided` includes the closed cases).",
    )

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value({k: v for k, v in data.items() if k in self.fields})


CREATE_EXAMPLES = [
    OpenApiExample("Submit at once", value=REGISTRATION_EXAMPLE, request_only=True),
]
