"""The procesregisseur's endpoints of the integrated approach (issue 13, item 8): evaluations of
a case's plan, escalations and handings back, closing into aftercare and the aftercare checks.

Built on ``staff_base`` as the staff's casework endpoints are: a client acting as casework staff
of its Veiligheidshuis (another house's case is a 404), every write through the service the
pages call with ``by=`` the client's service user (a procesregisseur of the house may write;
the meldpunt reads and gets 403 on a write), an ``Idempotency-Key`` on every POST, ``If-Match``
with the plan's version where a write may make a new plan version (an escalation changing the
form), and a refusal as problem+json under the body's names, nothing half-saved. The plan's
agreements are casework agreements: ``/casework/agreements/{id}/`` reads one and ``done/``
marks it done (their ids are in the plan's ``agreements``).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.access_log.enums import EventType, Purpose
from zvh.approach import selectors
from zvh.approach.models import (
    AftercareCheck,
    Escalation,
    EscalationRoute,
    Evaluation,
    GoalResult,
    Plan,
)
from zvh.approach.services.closure import aftercare_check_record, case_close_into_aftercare
from zvh.approach.services.common import log_direction
from zvh.approach.services.escalation import EscalationInput, escalation_record, routes_for
from zvh.approach.services.monitoring import (
    EvaluationInput,
    ReviewInput,
    ScoreInput,
    evaluation_record,
)
from zvh.casework.models import Agreement, Case
from zvh.common.client_address import client_address

from .concurrency import require_if_match
from .staff_base import ActionView, ObjectView, documented, input_of

APPROACH = ["Integrated approach"]

# --- bodies and responses ----------------------------------------------------------------------


class ScoreSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    life_domain_id = serializers.IntegerField()
    life_domain = serializers.CharField(source="life_domain.name", read_only=True)
    score = serializers.IntegerField(help_text="On the house's scale (1 to 5).")
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)
    result = serializers.ChoiceField(
        choices=GoalResult.choices,
        allow_blank=True,
        required=False,
        default="",
        help_text="At the closing evaluation: the goal's result.",
    )


class ReviewInputSerializer(serializers.Serializer):
    agreement = serializers.UUIDField(help_text="An agreement of the plan (its id).")
    done = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)


class ReviewSerializer(serializers.Serializer):
    agreement = serializers.UUIDField(source="agreement.public_id")
    state = serializers.CharField()
    note = serializers.CharField()


class EvaluationInputSerializer(serializers.Serializer):
    held_on = serializers.DateField(help_text="Not in the future.")
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)
    next_evaluation_on = serializers.DateField(
        allow_null=True, required=False, default=None, help_text="After today."
    )
    scores = ScoreSerializer(many=True, help_text="Every goal of the current plan version.")
    reviews = ReviewInputSerializer(many=True, required=False, default=list)


class ClosureInputSerializer(EvaluationInputSerializer):
    close_reason = serializers.IntegerField(
        allow_null=True, help_text="A closing reason of the house's list (id)."
    )


class EvaluationSerializer(serializers.ModelSerializer):
    close_reason = serializers.CharField(
        source="close_reason.name", default=None, read_only=True, allow_null=True
    )
    scores = ScoreSerializer(many=True)
    reviews = ReviewSerializer(source="agreement_reviews", many=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "held_on",
            "note",
            "next_evaluation_on",
            "closing",
            "close_reason",
            "created_at",
            "scores",
            "reviews",
        ]


class EscalationInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Escalation.Kind.choices)
    route = serializers.IntegerField(
        help_text="One of the house's routes of this kind (`escalation-routes/` lists them)."
    )
    motivation = serializers.CharField(allow_blank=True, max_length=5000)
    to_organisation = serializers.IntegerField(
        allow_null=True, required=False, default=None, help_text="A partner of the network."
    )
    to_name = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="Or the receiving party's name."
    )
    form = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="A new form of the approach (voluntary, drang, dwang): a new plan version.",
    )
    measure = serializers.IntegerField(allow_null=True, required=False, default=None)
    measure_ends_on = serializers.DateField(allow_null=True, required=False, default=None)


class EscalationSerializer(serializers.ModelSerializer):
    to_organisation = serializers.CharField(
        source="to_organisation.name", default=None, read_only=True, allow_null=True
    )
    to_organisation_id = serializers.IntegerField(read_only=True, allow_null=True)
    plan_version = serializers.IntegerField(
        source="plan_version.number", default=None, read_only=True, allow_null=True
    )
    route = serializers.CharField(source="route.name", default=None, read_only=True)

    class Meta:
        model = Escalation
        fields = [
            "id",
            "kind",
            "route",
            "route_id",
            "to_organisation",
            "to_organisation_id",
            "to_name",
            "motivation",
            "plan_version",
            "at",
        ]


class CheckInputSerializer(serializers.Serializer):
    how_things_are = serializers.CharField(allow_blank=True, max_length=5000)
    outcome = serializers.ChoiceField(choices=AftercareCheck.Outcome.choices)
    reason = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="Required to reopen."
    )


class CheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = AftercareCheck
        fields = ["id", "due_on", "done_at", "how_things_are", "outcome", "reason", "cancelled"]


def plan_of(case: Case) -> Plan | None:
    return Plan.objects.filter(case=case).first()


# --- input -------------------------------------------------------------------------------------


def evaluation_input(case: Case, data: dict[str, Any]) -> tuple[EvaluationInput, Callable]:
    """The service's input from the body, and the service's names of its errors in the body's
    (``scores.{person}_{domain}`` is ``scores.{index}``, ``agreements.{id}`` is
    ``reviews.{index}``; the plan, the case and its open agreements concern the whole input)."""
    public_ids = [review["agreement"] for review in data["reviews"]]
    pks = dict(
        Agreement.objects.filter(case=case, public_id__in=public_ids).values_list("public_id", "pk")
    )
    unknown = {
        f"reviews.{index}.agreement": "This agreement is not in the plan."
        for index, public_id in enumerate(public_ids)
        if public_id not in pks
    }
    if unknown:
        raise DjangoValidationError(unknown)
    places = {
        f"scores.{score['person_id']}_{score['life_domain_id']}": f"scores.{index}"
        for index, score in enumerate(data["scores"])
    } | {f"agreements.{pks[public_id]}": f"reviews.{i}" for i, public_id in enumerate(public_ids)}

    def name(key: str) -> str | None:
        head, _, rest = key.partition(".")
        if key in ("plan", "case", "agreements"):
            return None
        if head not in ("scores", "agreements"):
            return key
        place, _, field = rest.partition(".")
        found = places.get(f"{head}.{place}")
        return f"{found}.{field}".rstrip(".") if found else "scores"

    made = EvaluationInput(
        held_on=data["held_on"],
        note=data["note"],
        next_evaluation_on=data["next_evaluation_on"],
        scores=[input_of(ScoreInput, score) for score in data["scores"]],
        reviews=[
            ReviewInput(agreement_id=pks[r["agreement"]], done=r["done"], note=r["note"])
            for r in data["reviews"]
        ],
    )
    return made, name


# --- the endpoints ---------------------------------------------------------------------------


class CaseView(ObjectView):
    """A case of the client's house in the integrated approach or its aftercare (the selector
    of the plan's pages); anything else is a 404. A read is logged (process direction)."""

    tags = APPROACH
    access_purpose = Purpose.PROCESS_DIRECTION

    def found(self, request: Request, public_id: Any) -> Case:
        return selectors.case_for_plan(user=self.user, public_id=public_id)

    def read(self, obj: Any) -> None:
        log_direction(
            by=self.user,
            case=obj,
            client_address=client_address(self.http),
            event_type=EventType.VIEW,
        )


class CaseListView(CaseView):
    """GET: what ``listed`` finds of the case."""

    lists = True

    def listed(self, case: Case) -> list[Any]:
        raise NotImplementedError

    def get(self, request: Request, public_id: Any) -> Response:
        case = self.found(request, public_id)
        self.read(case)
        return Response(self.shown_as(self.listed(case), many=True).data)


class CaseWriteView(CaseView, ActionView):
    """A write on the case (``perform``), its refusal under the body's names (``names``)."""

    names: Callable[[str], str | None] | None = None

    def body_name(self, key: str) -> str | None:
        return self.names(key) if self.names else key


@documented(
    get="List the evaluations of a case's plan", post="Record an evaluation of a case's plan"
)
class EvaluationListCreateView(CaseListView, CaseWriteView):
    """The evaluations, oldest first, each with a score and a note per goal and the plan's
    agreements as reviewed. A new one (a procesregisseur of the house): the date not in the
    future, every goal of the current plan version a score on the scale (1 to 5), the next
    evaluation after today, agreements marked done with a note. Before the plan has a version,
    or with a score outside the scale, it is refused and nothing is saved."""

    body = EvaluationInputSerializer
    shown_as = EvaluationSerializer
    status = 201

    def listed(self, case: Case) -> list[Any]:
        return selectors.evaluations_of(plan_of(case))

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        made, self.names = evaluation_input(obj, data)
        return self.call(evaluation_record, case=obj, data=made)


@documented(get="Read an evaluation of a case's plan")
class EvaluationDetailView(CaseView):
    shown_as = EvaluationSerializer

    def get(self, request: Request, public_id: Any, pk: int) -> Response:
        case = self.found(request, public_id)
        plan = plan_of(case)
        evaluation = next((e for e in selectors.evaluations_of(plan) if e.pk == pk), None)
        if evaluation is None:
            raise Http404
        self.read(case)
        return Response(EvaluationSerializer(evaluation).data)


@documented(get="List a case's escalations and handings back", post="Escalate or hand back")
class EscalationListCreateView(CaseListView, CaseWriteView):
    """In the case's history, oldest first. A new one (a procesregisseur of the house): a
    motivation and the receiving party (a partner of the network, or a name such as the
    Levensloopaanpak, not both); a new form of the approach makes a new plan version with the
    same goals (drang and dwang a measure, dwang its end date), so `If-Match` carries the plan's
    ETag (its version; a stale one is a 412, nothing saved)."""

    if_match_methods = ("POST",)
    body = EscalationInputSerializer
    shown_as = EscalationSerializer
    status = 201

    def listed(self, case: Case) -> list[Any]:
        return selectors.escalations_of(case)

    def precondition(self, obj: Any) -> None:
        plan = plan_of(obj)
        self.base_version = plan.current_number if plan else 0
        require_if_match(self.http, current_version=self.base_version)

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        names = {
            "to_organisation": "to_organisation_id",
            "measure": "measure_id",
            "route": "route_id",
        }
        made = input_of(EscalationInput, data, **names)
        return self.call(escalation_record, case=obj, data=made, base_version=self.base_version)


class EscalationRouteSerializer(serializers.ModelSerializer):
    class Meta:
        model = EscalationRoute
        fields = ["id", "kind", "name", "form", "receiving_party"]


@documented(get="List the escalation routes a case may take")
class EscalationRouteListView(CaseListView):
    """The active routes of the case's Veiligheidshuis, escalations first: the `route` of a new
    escalation or handing back is one of these, of its kind."""

    shown_as = EscalationRouteSerializer

    def listed(self, case: Case) -> list[Any]:
        return routes_for(case.veiligheidshuis_id)


@documented(post="Close a case into aftercare")
class ClosureView(CaseWriteView):
    """The closing evaluation (a procesregisseur of the house): per goal a final score and its
    result (`achieved`, `partly`, `not`), the agreements reviewed, a closing reason of the
    house's list. Refused while the case has open agreements: close them (mark them done here
    or at `/casework/agreements/{id}/done/`) or transfer them to another party first. Then the
    case is in aftercare with its check dates (`aftercare-checks/`)."""

    body = ClosureInputSerializer
    shown_as = EvaluationSerializer
    status = 201

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        made, self.names = evaluation_input(obj, data)
        reason = data["close_reason"]
        return self.call(case_close_into_aftercare, case=obj, data=made, close_reason_id=reason)


@documented(get="List a case's aftercare checks", post="Record the next aftercare check")
class CheckListCreateView(CaseListView, CaseWriteView):
    """The checks by date (done, cancelled or to come). At the first open one the procesregisseur
    records how things are and `end`s the case (closed; retention counts from now), `reopen`s
    the integrated approach (with a reason) or lets it `continue` to the next check."""

    body = CheckInputSerializer
    shown_as = CheckSerializer

    def listed(self, case: Case) -> list[Any]:
        return selectors.checks_of(case)

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return self.call(aftercare_check_record, case=obj, **data)
