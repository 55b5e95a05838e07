"""Bodies and responses of the staff's casework endpoints (``casework_staff_views``).

Input bodies carry plain ids (organisations and users by id, cases and agenda items by their
public id); the services decide whether they are allowed (the house's network, its staff), so
a refusal reads the same as on the pages, under the body's names.
"""

from rest_framework import serializers

from zvh.casework.models import AgendaItem, Agreement, Invitation, Meeting, Minutes

from .casework_views import ActionSerializer


class MeetingInputSerializer(serializers.Serializer):
    kind = serializers.IntegerField(help_text="A meeting kind of the Veiligheidshuis (id).")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    video_link = serializers.URLField(allow_blank=True, required=False, default="")
    chair = serializers.IntegerField(help_text="A user of the Veiligheidshuis (id).")
    minute_taker = serializers.IntegerField(help_text="A user of the Veiligheidshuis (id).")


class StaffMeetingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = serializers.CharField(source="kind.name", read_only=True)
    kind_id = serializers.IntegerField(read_only=True)
    chair = serializers.IntegerField(source="chair_id", read_only=True)
    minute_taker = serializers.IntegerField(source="minute_taker_id", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "kind_id",
            "starts_at",
            "ends_at",
            "place",
            "video_link",
            "chair",
            "minute_taker",
            "state",
            "sequence",
            "version",
        ]


class AgendaItemInputSerializer(serializers.Serializer):
    case = serializers.UUIDField(help_text="The case's id (public id).")
    question = serializers.CharField(allow_blank=True, max_length=5000)


class StaffAgendaItemSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    meeting = serializers.UUIDField(source="meeting.public_id", read_only=True)
    case = serializers.UUIDField(source="case.public_id", read_only=True)
    case_reference = serializers.CharField(source="case.reference", read_only=True)
    case_status = serializers.CharField(source="case.status", read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "meeting",
            "case",
            "case_reference",
            "case_status",
            "question",
            "summary",
            "client_invited",
            "outcome",
            "outcome_at",
            "version",
        ]


class OutcomeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AgendaItem.Outcome.choices)
    close_reason = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="For `close`: a reason (id)."
    )


class InvitationInputSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(help_text="A partner of the house's network (id).")
    users = serializers.ListField(
        child=serializers.IntegerField(), help_text="People of that organisation (ids)."
    )


class InvitationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    item = serializers.UUIDField(source="item.public_id", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "item", "organisation", "user", "answer", "invited_at", "answered_at"]


class AnswerInputSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(
        choices=[
            Invitation.Answer.ATTEND,
            Invitation.Answer.DECLINE,
            Invitation.Answer.DELEGATED,
        ]
    )
    colleague = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="For `delegated` (id)."
    )


class MinutesInputSerializer(serializers.Serializer):
    situation = serializers.CharField(allow_blank=True, max_length=20000)
    analysis = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=20000),
        required=False,
        default=dict,
        help_text="Life domain id -> the analysis for that domain.",
    )
    conclusions = serializers.CharField(
        allow_blank=True, max_length=20000, required=False, default=""
    )


class MinutesSerializer(serializers.ModelSerializer):
    item = serializers.UUIDField(source="item.public_id", read_only=True)
    final = serializers.BooleanField(read_only=True)

    class Meta:
        model = Minutes
        fields = [
            "item",
            "situation",
            "analysis",
            "conclusions",
            "updated_at",
            "final",
            "finalised_at",
            "version",
        ]


class AgreementInputSerializer(serializers.Serializer):
    action = serializers.CharField(allow_blank=True, max_length=5000)
    owner_organisation = serializers.IntegerField(allow_null=True)
    owner = serializers.IntegerField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)


# the staff's view of an agreement: an action as its owner reads it, with where it was made and
# its owner's ids
class StaffAgreementSerializer(ActionSerializer):
    item = serializers.SerializerMethodField()
    owner_organisation = serializers.IntegerField(source="owner_organisation_id", read_only=True)
    owner = serializers.IntegerField(source="owner_id", read_only=True)  # type: ignore[assignment]

    class Meta(ActionSerializer.Meta):
        fields = [  # the action's, with the item and the owner organisation after its text
            *ActionSerializer.Meta.fields[:2],
            "item",
            "action",
            "owner_organisation",
            *ActionSerializer.Meta.fields[3:],
        ]

    def get_item(self, agreement: Agreement) -> str | None:
        """The agenda item it was made on (null for an agreement from elsewhere)."""
        return str(agreement.item.public_id) if agreement.item is not None else None
