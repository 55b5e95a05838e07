"""Serializers of the meldpunt endpoints: the queue, a registration in full (internal data
included), and the screener's writes."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zvh.network.enums import Outcome
from zvh.registrations.models import Urgency
from zvh.registrations.status import Status
from zvh.triage.models import ApproachMode
from zvh.triage.selectors import (
    SORTS,
    SUBMITTED_STATUSES,
    Assigned,
    deadline_state,
    known_persons,
)

from .pagination import MAX_PAGE
from .registrant_serializers import (
    LONG_TEXT,
    MAX_ID,
    AttachmentSerializer,
    RegistrationSerializer,
)
from .serializers import CriterionSerializer, RequiredTextField, StrictSerializer

MAX_PARTNERS_INVITED = 50


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class UserNameField(serializers.CharField):
    """A user as their full name (or username)."""

    def to_representation(self, value: Any) -> str:
        return value.get_full_name() or value.username


class DeadlineSerializer(serializers.Serializer):
    """The reply deadline as the meldpunt's queue shows it."""

    deadline_at = serializers.DateTimeField(
        allow_null=True,
        help_text="While waiting for information the clock stands still: the deadline shown "
        "moves on by the waiting so far.",
    )
    days_left = serializers.IntegerField(allow_null=True, help_text="Negative when overdue.")
    working_days_left = serializers.IntegerField(allow_null=True)
    overdue = serializers.BooleanField()
    due_soon = serializers.BooleanField(help_text="Due within two working days.")
    paused = serializers.BooleanField(help_text="Waiting for the registrant's information.")
    late = serializers.BooleanField(help_text="Decided after the deadline.")


class MainPersonSerializer(serializers.Serializer):
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    municipality = serializers.CharField(
        source="municipality.cbs_code", allow_null=True, default=None
    )


class QueueRowSerializer(serializers.Serializer):
    """One registration in the queue (``context["now"]`` is the moment of the request)."""

    id = serializers.UUIDField(source="registration.public_id")
    reference = serializers.CharField(source="registration.reference")
    status = serializers.ChoiceField(source="registration.status", choices=Status.choices)
    urgency = serializers.CharField(source="registration.urgency")
    received_at = serializers.DateTimeField(source="registration.received_at")
    registrant_organisation = NamedSerializer(source="registration.registrant_organisation")
    target_group = serializers.CharField(
        source="registration.target_group.code", allow_null=True, default=None
    )
    main_person = MainPersonSerializer(allow_null=True)
    deadline = DeadlineSerializer()
    assigned_to = UserNameField(
        source="assignee", allow_null=True, help_text="The screener it is assigned to."
    )
    version = serializers.IntegerField(source="registration.version")


class QueueSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Registrations matching the filters.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = QueueRowSerializer(
        many=True, help_text="This page, urgent first and then earliest deadline (or `sort`)."
    )
    due_soon = QueueRowSerializer(
        many=True, help_text="Every open registration due within two working days (unfiltered)."
    )
    overdue = QueueRowSerializer(
        many=True, help_text="Every open registration past its deadline (unfiltered)."
    )


class QueueFilterSerializer(StrictSerializer):
    """The queue's filters: the same as the meldpunt's web queue."""

    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in SUBMITTED_STATUSES],
        required=False,
        help_text="Only registrations in this status (a decided or closed status lists those "
        "too, as `all_statuses` does).",
    )
    all_statuses = serializers.BooleanField(
        required=False,
        help_text="Also decided and closed registrations (search over every status).",
    )
    urgency = serializers.ChoiceField(
        choices=Urgency.choices, required=False, help_text="Only urgent or only normal ones."
    )
    assigned = serializers.ChoiceField(
        choices=[(Assigned.ME, "Assigned to the client's user"), (Assigned.NOBODY, "Unassigned")],
        required=False,
        help_text="Only those assigned to the client's user (`me`), or only unassigned ones.",
    )
    sort = serializers.ChoiceField(
        choices=[(name, name) for name in SORTS],
        required=False,
        help_text="The order (`-` reverses): urgency (default: urgent first, then by deadline), "
        "deadline, received, reference, status.",
    )
    target_group = serializers.RegexField(
        r"^[-a-zA-Z0-9_]{1,60}$",
        required=False,
        help_text="Only registrations for this target group (its code).",
    )
    municipality = serializers.RegexField(
        r"^[Gg][Mm][0-9]{4}$",
        required=False,
        help_text="Only registrations whose registered person lives in this municipality "
        "(CBS code).",
    )
    organisation = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        help_text="Only registrations of this registrant organisation (its id).",
    )
    q = serializers.CharField(
        max_length=100,
        required=False,
        help_text="Search: (part of) a reference, or (parts of) a person's name; tolerant of "
        "case, accents and prefixes.",
    )
    page = serializers.IntegerField(
        min_value=1,
        max_value=MAX_PAGE,
        required=False,
        help_text="Page number, from 1 (25 per page, as in the web queue; a page past the end "
        "is a 404).",
    )


class ScreeningAnswerSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion.id")
    position = serializers.IntegerField(source="criterion.position")
    answer = serializers.BooleanField()
    motivation = serializers.CharField()
    answered_by = UserNameField()
    answered_at = serializers.DateTimeField()


class MeldpuntDecisionSerializer(serializers.Serializer):
    """The whole decision, internal motivation included."""

    outcome = serializers.ChoiceField(choices=Outcome.choices)
    motivation = serializers.CharField(help_text="Internal: the registrant never sees it.")
    message_to_registrant = serializers.CharField()
    receiving_organisation = NamedSerializer(allow_null=True)
    receiving_organisation_name = serializers.CharField()
    advice = serializers.CharField()
    consultation_date = serializers.DateField(allow_null=True)
    consultation_partners = NamedSerializer(many=True, source="consultation_partners.all")
    approach_mode = serializers.CharField()
    procesregisseur = NamedSerializer(allow_null=True, source="procesregisseur_named")
    decided_by = UserNameField()
    decided_at = serializers.DateTimeField()


class HistorySerializer(serializers.Serializer):
    from_status = serializers.CharField(help_text="A status code; empty for the first row.")
    to_status = serializers.CharField(help_text="A status code (see `status`).")
    at = serializers.DateTimeField()
    by = UserNameField(allow_null=True)
    why = serializers.CharField()


class KnownMatchSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="registration.public_id")
    reference = serializers.CharField(source="registration.reference")
    received_at = serializers.DateTimeField(source="registration.received_at")
    status = serializers.ChoiceField(source="registration.status", choices=Status.choices)
    by_bsn = serializers.BooleanField(help_text="Same BSN; otherwise same birth date and name.")


class KnownPersonSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="Position of the person (0: registered person).")
    matches = KnownMatchSerializer(many=True)


class MeldpuntRegistrationSerializer(RegistrationSerializer):
    """A registration as the meldpunt sees it: everything, internal data included
    (``context["now"]`` is the moment of the request)."""

    registrant_organisation = NamedSerializer()
    attachments = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()
    screening_answers = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    decided_late = serializers.BooleanField(allow_null=True)
    already_known = serializers.SerializerMethodField(
        help_text="Per person: earlier registrations at this Veiligheidshuis in which they "
        "appear (for the meldpunt only)."
    )
    history = serializers.SerializerMethodField()

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj: Any) -> list:
        return AttachmentSerializer(obj.attachments.order_by("uploaded_at", "pk"), many=True).data

    @extend_schema_field(DeadlineSerializer)
    def get_deadline(self, obj: Any) -> dict:
        return DeadlineSerializer(deadline_state(obj, now=self.context["now"])).data

    @extend_schema_field(ScreeningAnswerSerializer(many=True))
    def get_screening_answers(self, obj: Any) -> list:
        answers = obj.screening_answers.select_related("criterion", "answered_by").order_by(
            "criterion__position"
        )
        return ScreeningAnswerSerializer(answers, many=True).data

    @extend_schema_field(MeldpuntDecisionSerializer(allow_null=True))
    def get_decision(self, obj: Any) -> dict | None:
        decision = getattr(obj, "decision", None)
        if decision is None:
            return None
        regisseur = decision.procesregisseur
        decision.procesregisseur_named = (
            None
            if regisseur is None
            else {"id": regisseur.pk, "name": regisseur.get_full_name() or regisseur.username}
        )
        return MeldpuntDecisionSerializer(decision).data

    @extend_schema_field(KnownPersonSerializer(many=True))
    def get_already_known(self, obj: Any) -> list:
        known = self.context.get("known")  # as the view logged it
        if known is None:
            known = known_persons(registration=obj)
        return [
            {
                "person": index,
                "matches": KnownMatchSerializer(item.matches, many=True).data,
            }
            for index, item in enumerate(sorted(known, key=lambda k: k.person.position))
        ]

    @extend_schema_field(HistorySerializer(many=True))
    def get_history(self, obj: Any) -> list:
        return HistorySerializer(
            obj.history.select_related("by").order_by("at", "pk"), many=True
        ).data


# --- writes -------------------------------------------------------------------------------------


class CriterionAnswerInputSerializer(StrictSerializer):
    criterion = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="Id of the Veiligheidshuis's criterion."
    )
    answer = serializers.BooleanField(help_text="Yes (`true`) or no (`false`).")
    motivation = RequiredTextField(max_length=LONG_TEXT)


class ScreeningInputSerializer(StrictSerializer):
    """Criteria of the Veiligheidshuis answered, each with a motivation (internal); the ones left
    out keep what they had (each criterion is saved on its own; a decision needs them all)."""

    answers = serializers.ListField(child=CriterionAnswerInputSerializer(), max_length=100)

    def validate_answers(self, answers: list[dict]) -> list[dict]:
        ids = [a["criterion"] for a in answers]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(
                "Answer each criterion once.", code="duplicate_criterion"
            )
        return answers


class InformationRequestInputSerializer(StrictSerializer):
    question = RequiredTextField(max_length=LONG_TEXT, help_text="The question for the registrant.")


class DecisionInputSerializer(StrictSerializer):
    """A decision; only the chosen outcome's own fields are used."""

    outcome = serializers.ChoiceField(
        choices=Outcome.choices, help_text="One the Veiligheidshuis offers."
    )
    motivation = RequiredTextField(max_length=LONG_TEXT)
    message_to_registrant = serializers.CharField(
        max_length=LONG_TEXT, required=False, allow_blank=True, default=""
    )
    receiving_organisation = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="`refer_elsewhere`: id of a partner in the network (see `/meldpunt/options/`)…",
    )
    receiving_organisation_name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="…or the name of another organisation.",
    )
    advice = serializers.CharField(
        max_length=LONG_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="`refer_back`: advice to the registrant.",
    )
    consultation_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="`consultation_agenda`."
    )
    consultation_partners = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=MAX_PARTNERS_INVITED,
        required=False,
        default=list,
        help_text="`consultation_agenda`: ids of partners to invite.",
    )
    approach_mode = serializers.ChoiceField(
        choices=ApproachMode.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="`integrated_approach`.",
    )
    procesregisseur = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="`integrated_approach`: id of a procesregisseur (see `/meldpunt/options/`).",
    )


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MunicipalityChoiceSerializer(serializers.Serializer):
    cbs_code = serializers.CharField()
    name = serializers.CharField()


class MeldpuntOptionsSerializer(serializers.Serializer):
    """What the queue's filters and a decision may name, for the client's Veiligheidshuis."""

    veiligheidshuis = serializers.CharField(help_text="Code of the client's Veiligheidshuis.")
    statuses = serializers.ListField(child=serializers.CharField())
    target_groups = CodeNameSerializer(many=True)
    municipalities = MunicipalityChoiceSerializer(many=True)
    organisations = NamedSerializer(many=True, help_text="Partners in the network.")
    procesregisseurs = NamedSerializer(many=True)
    criteria = CriterionSerializer(
        many=True, help_text="The screening questions, in order: answer each by its `id`."
    )
