"""The registrant endpoints: an API client acting as a registrant of its organisation creates,
submits and follows registrations and answers the meldpunt's questions.

Every read starts from ``registrations_for_registrant(request.user)`` (the client's own
organisation; anything else is a 404) and every write calls the service the web form calls,
with ``by=request.user`` (the client's service user), so every rule holds in both.

Access logging (purpose registration, ``zvh.api.access``): the list is logged as a search
concerning its registrations and their main persons, every response showing a registration as a
view of it and its persons, and refusals as denied.
"""

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.access_log.enums import EventType, Purpose
from zvh.network.models import LifeDomain, Municipality, TargetGroup
from zvh.registrations import services as registration_services
from zvh.registrations.attachments import attachment_add
from zvh.registrations.models import Channel, Registration
from zvh.registrations.selectors import registrations_for_registrant
from zvh.registrations.services import (
    PartnerInput,
    PersonInput,
    registration_save_draft,
    registration_start,
    registration_submit,
)
from zvh.registrations.status import registrant_statuses_shown_as
from zvh.triage.models import InformationRequest
from zvh.triage.services import information_request_answer

from .access import AccessLoggedMixin, log_api_read
from .concurrency import locked_for_write, set_etag
from .idempotency import idempotent
from .permissions import IsRegistrantClient
from .registrant_serializers import (
    CREATE_EXAMPLES,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    InformationAnswerSerializer,
    RegistrationCreateSerializer,
    RegistrationFilterSerializer,
    RegistrationSerializer,
    RegistrationSummarySerializer,
)
from .schema import answering, described
from .selectors import registrations_for_api_list
from .views import ApiViewMixin, validated_query

REGISTRATIONS = ["Registrations"]
#: The writes on a registration answer it as a whole.
registration_step = answering(RegistrationSerializer, tags=REGISTRATIONS)
#: What the API body carries as plain values: the draft's fields, less the two it names by key
#: (target group code, life domain ids: resolved in ``_references``), and the person's fields,
#: less the relation (the first person is always the main person).
REGISTRATION_FIELDS = registration_services.DRAFT_FIELDS - {"target_group", "life_domains"}
PERSON_FIELDS = registration_services.PERSON_FIELDS - {"relation"}
PARTNER_FIELDS = registration_services.PARTNER_FIELDS
#: The attachment service's messages name the file (which can be personal data); the API
#: answers with these fixed texts instead, by the service's error code.
ATTACHMENT_MESSAGES = {
    "empty": "The file is empty.",
    "too_big": "The file is larger than the maximum size for attachments.",
    "type_not_allowed": "Files of this type cannot be attached. Allowed are PDF, Word (.docx), "
    "OpenDocument text (.odt), PNG, JPEG and plain text (.txt).",
    "contents_mismatch": "The contents of the file do not match its extension. Attach the "
    "document in its real format.",
}


def _field_error(field: str, message: str, code: str = "invalid") -> serializers.ValidationError:
    return serializers.ValidationError({field: [serializers.ErrorDetail(message, code=code)]})


def registration_response(
    request: Request, registration: Registration, *, status: int = 200, location: bool = False
) -> Response:
    """The registration as its organisation sees it, with its ETag; logged as a view."""
    registration.refresh_from_db()
    log_api_read(
        request,
        registrations=[registration],
        persons=registration.persons.all(),
        purpose=Purpose.REGISTRATION,
    )
    response = Response(RegistrationSerializer(registration).data, status=status)
    if location:
        response["Location"] = f"/api/v1/registrations/{registration.public_id}/"
    return set_etag(response, version=registration.version)


def _references(data: dict, municipality: Municipality) -> dict[str, Any]:
    """The target group (by code) and life domains (by id) of the Veiligheidshuis serving the
    main person's municipality; anything else is refused on its field."""
    vh_id = municipality.veiligheidshuis_id
    resolved: dict[str, Any] = {"target_group": None, "life_domains": []}
    code = data.get("target_group")
    if code:
        resolved["target_group"] = TargetGroup.objects.filter(
            veiligheidshuis_id=vh_id, code=code.strip()
        ).first()
        if resolved["target_group"] is None:
            raise _field_error(
                "target_group",
                "This is not a target group of the Veiligheidshuis serving the first person's "
                "municipality.",
                "invalid_choice",
            )
    ids = set(data.get("life_domains") or [])
    if ids:
        domains = list(LifeDomain.objects.filter(veiligheidshuis_id=vh_id, pk__in=ids))
        if len(domains) != len(ids):
            raise _field_error(
                "life_domains",
                "Choose life domains of the Veiligheidshuis serving the first person's "
                "municipality.",
                "invalid_choice",
            )
        resolved["life_domains"] = domains
    return resolved


def registration_save_from_api(*, registration: Registration, by: Any, data: dict) -> Registration:
    """Store the whole content of ``data`` on a draft through ``registration_save_draft``: the
    persons and partners replace the stored ones in order (stored rows are reused by position)."""
    persons = data["persons"]
    values = {name: data[name] for name in REGISTRATION_FIELDS}
    values.update(_references(data, persons[0]["municipality"]))
    person_ids = list(registration.persons.order_by("position").values_list("pk", flat=True))
    partner_ids = list(registration.involved_partners.order_by("pk").values_list("pk", flat=True))
    person_inputs = [
        PersonInput(
            id=person_ids[index] if index < len(person_ids) else None,
            values={
                **{name: person[name] for name in PERSON_FIELDS},
                **({"relation": person["relation"]} if index else {}),
            },
        )
        for index, person in enumerate(persons)
    ]
    partner_inputs = [
        PartnerInput(
            id=partner_ids[index] if index < len(partner_ids) else None,
            values={name: partner[name] for name in PARTNER_FIELDS},
        )
        for index, partner in enumerate(data["partners"])
    ]
    return registration_save_draft(
        registration=registration,
        by=by,
        values=values,
        persons=person_inputs,
        partners=partner_inputs,
    )


def _own(request: Request) -> QuerySet[Registration]:
    return registrations_for_registrant(request.user)


class RegistrantView(AccessLoggedMixin, ApiViewMixin):
    """A registrant endpoint: refusals are logged as denied for purpose registration."""

    access_purpose = Purpose.REGISTRATION
    access_events = {"GET": EventType.VIEW, "POST": EventType.UPDATE}


@extend_schema_view(
    get=extend_schema(
        tags=REGISTRATIONS,
        summary="List your organisation's registrations",
        description="Every registration of the API client's organisation (drafts included), "
        "newest first, with its status, reply deadline and, once decided, the outcome meant "
        "for you.",
        parameters=[RegistrationFilterSerializer],
    ),
    post=extend_schema(
        tags=REGISTRATIONS,
        summary="Create a registration (and submit it)",
        description="Create a registration of a person or family system for your organisation. "
        "The first person's municipality decides the Veiligheidshuis. With `submit: true` it "
        "is submitted in the same call: an incomplete registration is then refused (422, every "
        "missing field listed) and nothing is created. Without it, a draft is kept: add "
        "attachments, then `POST …/submit/`. The response carries the registration, its `ETag` "
        "and its `Location`.",
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer},
        examples=CREATE_EXAMPLES,
    ),
)
class RegistrationListCreateView(RegistrantView, generics.ListAPIView):
    permission_classes = [IsRegistrantClient]
    serializer_class = RegistrationSummarySerializer
    query_serializer = RegistrationFilterSerializer
    access_events = {"GET": EventType.SEARCH, "POST": EventType.CREATE}

    def get_queryset(self) -> QuerySet[Registration]:
        query = validated_query(RegistrationFilterSerializer, self.request)
        queryset = registrations_for_api_list(self.request.user)
        if "status" in query:
            queryset = queryset.filter(status__in=registrant_statuses_shown_as(query["status"]))
        return queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One page, logged as a search concerning its registrations and their main persons
        (prefetched by ``registrations_for_api_list``: the number of queries does not grow with
        the page)."""
        page = self.paginate_queryset(self.get_queryset())
        log_api_read(
            request,
            registrations=page,
            persons=[person for registration in page for person in registration.main_persons],
            event_type=EventType.SEARCH,
            purpose=Purpose.REGISTRATION,
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @idempotent
    def post(self, request: Request) -> Response:
        body = RegistrationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        registration = registration_start(
            registrant=request.user,
            municipality=data["persons"][0]["municipality"],
            token=None,
            channel=Channel.API,
        )
        registration = registration_save_from_api(
            registration=registration, by=request.user, data=data
        )
        if data["submit"]:
            registration = registration_submit(
                registration=registration, by=request.user, now=timezone.now()
            )
        return registration_response(request, registration, status=201, location=True)


@described("get", "Read one of your organisation's registrations", tags=REGISTRATIONS)
class RegistrationDetailView(RegistrantView, generics.RetrieveAPIView):
    """Your input, the status, the reply deadline, the meldpunt's requests for information with
    your answers and, once decided, the outcome meant for you. Never the meldpunt's internal
    screening or motivation."""

    permission_classes = [IsRegistrantClient]
    serializer_class = RegistrationSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        registration = get_object_or_404(_own(request), public_id=kwargs["public_id"])
        return registration_response(request, registration)


class RegistrantActionView(RegistrantView, APIView):
    """A POST acting on one of the organisation's registrations: the row locked after
    ``If-Match`` (``locked_for_write``), then ``act``; the answer is the registration."""

    permission_classes = [IsRegistrantClient]
    if_match_methods = ("POST",)

    def act(self, request: Request, registration: Registration, **kwargs: Any) -> Registration:
        raise NotImplementedError

    @idempotent
    def post(self, request: Request, public_id: Any, **kwargs: Any) -> Response:
        locked = locked_for_write(_own(request), request=request, public_id=public_id)
        return registration_response(
            request, self.act(request, cast(Registration, locked), **kwargs)
        )


@registration_step("Submit a draft", request=None)
class RegistrationSubmitView(RegistrantActionView):
    """Submit a complete draft: it gets its reference, the moment of receipt and the reply
    deadline, and the meldpunt is told. An incomplete draft is refused (422, every missing
    field listed). Submitting a submitted registration changes nothing."""

    def act(self, request: Request, registration: Registration, **kwargs: Any) -> Registration:
        return registration_submit(registration=registration, by=request.user, now=timezone.now())


@registration_step("Answer a request for information", request=InformationAnswerSerializer)
class InformationAnswerView(RegistrantActionView):
    """Answer one of the meldpunt's requests for information (once). The reply deadline moves on
    by the time the meldpunt waited, and screening continues. `If-Match` carries the
    registration's ETag."""

    def act(self, request: Request, registration: Registration, **kwargs: Any) -> Registration:
        body = InformationAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        information_request = get_object_or_404(
            InformationRequest, pk=kwargs["request_id"], registration=registration
        )
        information_request_answer(
            information_request=information_request,
            by=request.user,
            answer=body.validated_data["answer"],
            now=timezone.now(),
        )
        return registration


@extend_schema_view(
    get=extend_schema(
        tags=REGISTRATIONS,
        summary="List a registration's attachments",
        description="Oldest first.",
        responses={200: AttachmentSerializer(many=True)},
    ),
    post=extend_schema(
        tags=REGISTRATIONS,
        summary="Attach a document to a draft",
        description="Upload one file as `multipart/form-data` (field `file`) to a draft of your "
        "organisation, before submitting it. The same limits as the web form: allowed types "
        "are checked by extension and by contents, and the size is limited. Attachments are a "
        "collection of their own: adding one does not change the registration's ETag.",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    ),
)
class AttachmentListCreateView(RegistrantView, APIView):
    permission_classes = [IsRegistrantClient]
    parser_classes = [MultiPartParser]

    def get(self, request: Request, public_id: Any) -> Response:
        registration = get_object_or_404(_own(request), public_id=public_id)
        attachments = registration.attachments.order_by("uploaded_at", "pk")
        data = AttachmentSerializer(attachments, many=True).data
        log_api_read(
            request,
            registrations=[registration],
            persons=registration.persons.all(),
            purpose=Purpose.REGISTRATION,
        )
        return Response(data)

    @idempotent
    def post(self, request: Request, public_id: Any) -> Response:
        registration = get_object_or_404(_own(request), public_id=public_id)
        body = AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            attachment = attachment_add(
                registration=registration, by=request.user, upload=body.validated_data["file"]
            )
        except DjangoValidationError as error:
            code = getattr(error, "code", None)
            if code in ATTACHMENT_MESSAGES:
                raise _field_error("file", ATTACHMENT_MESSAGES[code], code) from None
            raise
        return Response(AttachmentSerializer(attachment).data, status=201)


__all__ = [
    "AttachmentListCreateView",
    "InformationAnswerView",
    "RegistrationDetailView",
    "RegistrationListCreateView",
    "RegistrationSubmitView",
]
