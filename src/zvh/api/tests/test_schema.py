"""The OpenAPI schema generates without warnings, and the documentation renders offline."""

import re

import pytest
from django.core.management import call_command


def test_the_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/municipalities/{cbs_code}/target-groups/" in text
    assert "application/problem+json" in text
    assert "/api/v1/problems/" not in text  # the public helper endpoints are not operations


def test_the_schema_is_served_without_a_token(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["apiClientToken"]["scheme"] == "bearer"
    assert "Idempotency-Key" in schema["info"]["description"]


@pytest.mark.django_db
def test_the_docs_render_with_local_assets_and_the_csp_nonce(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        src = html.split(asset)[0].rsplit('"', 1)[1] + asset
        assert client.get(src).status_code == 200, src


def _schema(client) -> dict:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    return response.json()["components"]["schemas"]


def test_the_schema_states_the_rules_the_api_enforces(client):
    """Issue 17, point 6: what the API refuses, the schema refuses too."""
    schemas = _schema(client)
    # unknown fields are refused
    for name in (
        "RegistrationCreateRequest",
        "PersonInputRequest",
        "ScreeningInputRequest",
        "CriterionAnswerInputRequest",
        "InformationRequestInputRequest",
        "DecisionInputRequest",
        "InformationAnswerRequest",
        "AttachmentUploadRequest",
    ):
        assert schemas[name]["additionalProperties"] is False, name
    # blank text is refused: at least one character, and one that is not a space
    for name, field in (
        ("InformationRequestInputRequest", "question"),
        ("CriterionAnswerInputRequest", "motivation"),
        ("DecisionInputRequest", "motivation"),
        ("InformationAnswerRequest", "answer"),
    ):
        rule = schemas[name]["properties"][field]
        assert rule["minLength"] == 1, (name, field)
        assert re.fullmatch(rule["pattern"], "Waarom?"), (name, field)
        assert not re.search(rule["pattern"], "   "), (name, field)
        assert field in schemas[name]["required"], (name, field)
    # no NUL in any text
    assert not re.search(schemas["PersonInputRequest"]["properties"]["surname"]["pattern"], "a\x00")


def test_the_criteria_are_published_with_their_ids(client):
    schemas = _schema(client)
    criterion = schemas["Criterion"]
    assert {"id", "position", "text"} <= set(criterion["properties"])
    assert "criteria" in schemas["MeldpuntOptions"]["properties"]
