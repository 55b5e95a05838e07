"""The OpenAPI schema generates without warnings, and the documentation renders offline."""

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
