"""Test-only endpoints that prove the idempotency and If-Match mechanisms (the registration
endpoints will use them the same way)."""

import time
from typing import Any

from django.db import transaction
from django.db.models import F
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zvh.api.concurrency import locked_for_write, set_etag
from zvh.api.idempotency import idempotent
from zvh.api.serializers import StrictSerializer
from zvh.api.views import ApiViewMixin
from zvh.network.models import LifeDomain, Veiligheidshuis
from zvh.registrations.models import Registration


class LifeDomainInput(StrictSerializer):
    veiligheidshuis = serializers.RegexField(r"^[A-Z]{2,5}$")
    name = serializers.CharField(max_length=120)
    position = serializers.IntegerField(min_value=1, max_value=30000)
    colour = serializers.ChoiceField(choices=["red", "green"], required=False)


class LifeDomainCreateView(ApiViewMixin, APIView):
    #: Seconds the work takes, so that concurrent requests overlap.
    delay = 0.0

    @idempotent
    def post(self, request: Request) -> Response:
        data = LifeDomainInput(data=request.data)
        data.is_valid(raise_exception=True)
        house = Veiligheidshuis.objects.get(code=data.validated_data["veiligheidshuis"])
        domain = LifeDomain.objects.create(
            veiligheidshuis=house,
            name=data.validated_data["name"],
            position=data.validated_data["position"],
        )
        time.sleep(type(self).delay)
        response = Response(
            {"id": domain.pk, "name": domain.name, "position": domain.position}, status=201
        )
        response["Location"] = f"/api/v1/test/life-domains/{domain.pk}/"
        return response


class RegistrationReasonView(ApiViewMixin, APIView):
    if_match_methods = ("PATCH",)

    def _own(self, request: Request) -> Any:
        return Registration.objects.filter(registrant_organisation=request.auth.organisation)

    def get(self, request: Request, public_id: str) -> Response:
        registration = self._own(request).get(public_id=public_id)
        response = Response({"reason": registration.reason, "version": registration.version})
        return set_etag(response, version=registration.version)

    def patch(self, request: Request, public_id: str) -> Response:
        reason = serializers.CharField(max_length=500).run_validation(request.data.get("reason"))
        with transaction.atomic():
            registration = locked_for_write(
                self._own(request), request=request, public_id=public_id
            )
            registration.reason = reason
            registration.version = F("version") + 1
            registration.save(update_fields=["reason", "version", "updated_at"])
            registration.refresh_from_db(fields=["version"])
        response = Response({"reason": registration.reason, "version": registration.version})
        return set_etag(response, version=registration.version)
