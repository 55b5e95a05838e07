"""Errors are RFC 9457 problem documents; bad input never gives a 500 or echoes a value."""

import json

import pytest
from django.test import override_settings

from .conftest import problem

pytestmark = pytest.mark.urls("zvh.api.tests.urls")
URL = "/api/v1/test/life-domains/"
SECRET = "Jansen-123456782"  # a value that must never come back in an error text


def _post(api, body, *, content_type="application/json", key="k-1"):
    return api.generic("POST", URL, body, content_type=content_type, HTTP_IDEMPOTENCY_KEY=key)


def _valid(**changes):
    return {"veiligheidshuis": "MST", "name": "Wonen", "position": 99, **changes}


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe\x00",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"position": NaN}',
        b'{"position": ' + b"9" * 5000 + b"}",
    ],
    ids=["broken", "not-utf8", "deeply-nested", "nan", "huge-int-literal"],
)
def test_unreadable_json_is_a_400(api, body):
    response = _post(api, body)
    assert response.status_code == 400
    assert problem(response)["type"].endswith("/problems/malformed-request/")


def test_an_empty_body_is_a_422_listing_the_required_fields(api):
    response = _post(api, b"")
    assert response.status_code == 422
    assert {e["field"] for e in problem(response)["errors"]} == {
        "veiligheidshuis",
        "name",
        "position",
    }


def test_a_wrong_content_type_is_a_415(api):
    response = _post(api, b"veiligheidshuis=MST", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    problem(response)


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        (_valid(position="many"), "position", "invalid"),
        (_valid(position=10**30), "position", "max_value"),
        (_valid(position=1.5), "position", "invalid"),
        (_valid(name=["a"]), "name", "invalid"),
        (_valid(name=None), "name", "null"),
        (_valid(colour=SECRET), "colour", "invalid_choice"),
        (_valid(veiligheidshuis=SECRET), "veiligheidshuis", "invalid"),
        (_valid(nickname=SECRET), "nickname", "unknown_field"),
        ({"name": "Wonen", "position": 1}, "veiligheidshuis", "required"),
    ],
)
def test_invalid_values_are_a_422_with_field_errors_and_no_echo(api, body, field, code):
    response = _post(api, json.dumps(body).encode())
    assert response.status_code == 422, response.content
    body_out = problem(response)
    assert body_out["type"].endswith("/problems/validation-error/")
    assert {"field": field, "pointer": f"#/{field}", "code": code} == {
        k: v for k, v in body_out["errors"][0].items() if k != "message"
    }
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("body", [[1, 2], "text", 42, None])
def test_a_body_that_is_not_an_object_is_a_422(api, body):
    response = _post(api, json.dumps(body).encode())
    assert response.status_code == 422
    assert problem(response)["errors"][0]["field"] is None


def test_a_body_over_the_size_limit_is_a_413(api):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = _post(api, json.dumps(_valid(name="x" * 2000)).encode())
    assert response.status_code == 413
    problem(response)


def test_unknown_paths_and_methods_are_problems(api):
    response = api.get("/api/v1/does-not-exist/")
    assert response.status_code == 404
    problem(response)
    response = api.delete("/api/v1/outcomes/")
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    problem(response)


def test_an_unsatisfiable_accept_header_is_a_406(api):
    response = api.get("/api/v1/outcomes/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406


def test_problem_types_are_documented_at_their_uri(api):
    response = api.get("/api/v1/outcomes/", {"page": "x"})
    type_uri = problem(response)["type"]
    path = "/" + type_uri.split("/", 3)[3]
    documentation = api.get(path)
    assert documentation.status_code == 200
    assert documentation.json()["status"] == 400


def test_a_django_validation_error_from_a_service_is_a_422():
    from django.core.exceptions import ValidationError
    from rest_framework.test import APIRequestFactory

    from zvh.api.problems import problem_exception_handler

    request = APIRequestFactory().post("/api/v1/x/")
    error = ValidationError(
        {
            "persons.0.bsn": ValidationError("Not a valid BSN.", code="invalid_bsn"),
            "__all__": ValidationError("Incomplete.", code="incomplete"),
            "target_group": ValidationError(
                "“%(value)s” is not a valid choice.",
                code="invalid_choice",
                params={"value": SECRET},
            ),
        }
    )
    response = problem_exception_handler(error, {"request": request})
    assert response.status_code == 422
    errors = {e["pointer"]: e for e in response.data["errors"]}
    assert errors["#/persons/0/bsn"]["code"] == "invalid_bsn"
    assert errors["#"]["field"] is None
    assert SECRET not in json.dumps(response.data)

    plain = problem_exception_handler(ValidationError("No way.", code="nope"), {"request": request})
    assert plain.status_code == 422
    assert plain.data["errors"] == [
        {"field": None, "pointer": "#", "message": "No way.", "code": "nope"}
    ]

    conflict = ValidationError("Someone else changed it.", code="conflict")
    assert problem_exception_handler(conflict, {"request": request}).status_code == 409
