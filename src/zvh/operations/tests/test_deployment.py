"""The deployment artefacts, checked offline (no container engine or cluster here): the systemd
units pass ``systemd-analyze verify``; the Kubernetes manifests and the compose file run the
image's commands as non-root on a read-only root file system, and probe URLs that exist."""

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.urls import resolve

from . import stack

DEPLOY = stack.REPO / "deploy"
ENTRYPOINT_COMMANDS = {"web", "worker", "scheduler", "intake", "migrate", "manage"}


def manifests() -> list[dict]:
    documents = []
    for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")):
        documents += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    return documents


def pod_specs() -> dict[str, dict]:
    specs = {}
    for doc in manifests():
        if doc["kind"] in {"Deployment", "Job"}:
            specs[doc["metadata"]["name"]] = doc
    return specs


def test_the_systemd_units_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is needed to check the unit files"
    for unit in (DEPLOY / "systemd").iterdir():
        # The units name /opt/zvh/.venv; verify them against this checkout's virtualenv.
        text = unit.read_text().replace("/opt/zvh/.venv", str(stack.BIN.parent))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(  # noqa: S603
        [analyze, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_every_pod_runs_as_non_root_on_a_read_only_root_file_system():
    for name, doc in pod_specs().items():
        pod = doc["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        for container in pod["containers"]:
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert container["image"] == "zvh", name
            assert container["args"][0] in ENTRYPOINT_COMMANDS, name
            mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
            assert "/tmp" in mounts, name  # noqa: S108 (a path in the manifest)


def test_web_and_worker_scale_and_the_scheduler_is_one():
    specs = pod_specs()
    assert specs["zvh-web"]["spec"]["replicas"] >= 2
    assert specs["zvh-worker"]["spec"]["replicas"] >= 2
    assert specs["zvh-scheduler"]["spec"]["replicas"] == 1
    assert specs["zvh-scheduler"]["spec"]["strategy"]["type"] == "Recreate"


def test_the_web_probes_point_at_the_health_endpoints():
    container = pod_specs()["zvh-web"]["spec"]["template"]["spec"]["containers"][0]
    paths = {}
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        url = urlsplit(container[probe]["httpGet"]["path"])
        paths[probe] = resolve(url.path).view_name
        assert container[probe]["httpGet"]["httpHeaders"][0]["name"] == "Host"
    assert paths == {
        "startupProbe": "operations:health-live",
        "livenessProbe": "operations:health-live",
        "readinessProbe": "operations:health-ready",
    }


def test_the_compose_file_runs_the_image_read_only():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    for name in ("migrate", "web", "worker", "scheduler", "intake"):
        assert services[name]["read_only"] is True, name
        assert services[name]["command"][0] in ENTRYPOINT_COMMANDS, name


def test_the_image_is_multi_stage_and_non_root():
    dockerfile = (stack.REPO / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", dockerfile, re.M)) == 2
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users == ["10001"]
    entrypoint = (stack.REPO / "scripts" / "container-entrypoint").read_text()
    for command in ENTRYPOINT_COMMANDS:
        assert re.search(rf"^\s+{command}\)", entrypoint, re.M), command


@pytest.mark.parametrize("path", ["deploy/prometheus/alerts.yaml"])
def test_the_alert_rules_use_metrics_zvh_exports(path):
    rules = yaml.safe_load((stack.REPO / path).read_text())
    exported = set(
        re.findall(
            r'"(zvh_[a-z_]+)"', Path(stack.REPO / "src/zvh/operations/metrics.py").read_text()
        )
    )
    exported |= {f"{name}_total" for name in exported} | {f"{name}_bucket" for name in exported}
    for group in rules["groups"]:
        for rule in group["rules"]:
            used = set(re.findall(r"\bzvh_[a-z_]+", rule["expr"]))
            assert used, rule["alert"]
            assert used <= exported, (rule["alert"], used - exported)


def test_make_runs_settings_pass_the_deployment_checks(tmp_path):
    """DEBUG off and production's protections; only what plain HTTP on loopback cannot have is
    silenced (HSTS, the TLS redirect, Secure cookies: see zvh.config.settings.embedded)."""
    env = stack.clean_env(
        DJANGO_SETTINGS_MODULE="zvh.config.settings.embedded", ZVH_VAR_DIR=str(tmp_path)
    )
    result = subprocess.run(  # noqa: S603
        [str(stack.BIN / "python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=stack.REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # base's two (security.W003: our own CSRF check; axes.W006: addresses are slowed, not
    # locked) and embedded's four: nothing more may be silenced
    assert "no issues (6 silenced)" in result.stdout
    assert (tmp_path / "secret-key").stat().st_mode & 0o777 == 0o600
