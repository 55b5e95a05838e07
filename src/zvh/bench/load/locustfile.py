"""The load generator's scenarios (locust, headless), one User class per scenario.

Run by ``manage.py run_bench`` (``make bench``), never by the test suite. Every simulated user
has its own logged-in, second-factor-verified session (logged in beforehand through the real
two-step login form; the cookies arrive in the input file named by ``ZVH_BENCH_INPUT``), waits
for nothing between requests (a closed loop: the measured concurrency is exact), and treats
anything but the expected status as a failure (a redirect to the login page included).
"""

import itertools
import json
import os
import random
import re
import uuid
from urllib.parse import urlencode

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

with open(os.environ["ZVH_BENCH_INPUT"], encoding="utf-8") as handle:
    INPUT = json.load(handle)

_counters: dict[str, itertools.count] = {}
PERSON_ID = re.compile(r'name="persons-0-id" value="(\d+)"')


def _session(role: str) -> dict[str, str]:
    """The next unused session of ``role`` (each simulated user gets its own)."""
    counter = _counters.setdefault(role, itertools.count())
    sessions = INPUT["sessions"][role]
    return sessions[next(counter) % len(sessions)]


class _BenchUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    role = "screener"

    def on_start(self) -> None:
        session = _session(self.role)
        self.csrf = session["csrftoken"]
        self.cookie = f"sessionid={session['sessionid']}; csrftoken={session['csrftoken']}"
        self.rng = random.Random()  # noqa: S311

    def _get(self, path: str, *, name: str, expect: int = 200):
        return self._request("GET", path, name=name, expect=expect, headers={})

    def _post(self, path: str, data: dict, *, name: str, expect: int):
        return self._request(
            "POST",
            path,
            name=name,
            expect=expect,
            # encoded here: lists (checkboxes) become repeated fields
            data=urlencode({**data, "csrfmiddlewaretoken": self.csrf}, doseq=True),
            headers={
                "Referer": self.host + path,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )

    def _request(self, method: str, path: str, *, name: str, expect: int, headers: dict, **kwargs):
        """The request with the session's cookie; a status other than ``expect`` fails it."""
        with self.client.request(
            method,
            path,
            name=name,
            headers={"Cookie": self.cookie, **headers},
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            if response.status_code != expect:
                response.failure(f"status {response.status_code}")
            return response


class Baseline(_BenchUser):
    @task
    def baseline(self) -> None:
        self._get("/bench/baseline/", name="baseline")


class QueueFirstPage(_BenchUser):
    @task
    def queue(self) -> None:
        self._get("/meldpunt/", name="queue first page")


class QueueLaterPage(_BenchUser):
    @task
    def queue(self) -> None:
        self._get(f"/meldpunt/?page={INPUT['queue_later_page']}", name="queue later page")


class Detail(_BenchUser):
    @task
    def detail(self) -> None:
        public_id = self.rng.choice(INPUT["detail_ids"])
        self._get(f"/meldpunt/{public_id}/", name="registration detail")


class PersonSearch(_BenchUser):
    @task
    def search(self) -> None:
        term = self.rng.choice(INPUT["search_terms"])
        self._get(f"/meldpunt/?q={term}", name="person search")


class SubmitWeb(_BenchUser):
    role = "registrant"

    @task
    def submit(self) -> None:
        form = INPUT["web_form"]
        start = self._post(
            "/aanmeldingen/nieuw/",
            {"municipality": form["municipality"], "token": str(uuid.uuid4())},
            name="web submission: start (draft)",
            expect=302,
        )
        location = start.headers.get("Location", "") if start.status_code == 302 else ""
        if not location:
            return
        page = self._get(location, name="web submission: form page")
        found = PERSON_ID.search(page.text or "")
        if not found:
            return
        data = {**form["fields"], "persons-0-id": found.group(1), "action": "submit"}
        data["persons-0-bsn"] = self.rng.choice(INPUT["bsns"])
        self._post(location, data, name="web submission: submit", expect=302)


class SubmitApi(_BenchUser):
    @task
    def submit(self) -> None:
        body = dict(INPUT["api_body"])
        body["persons"] = [dict(body["persons"][0], bsn=self.rng.choice(INPUT["bsns"]))]
        with self.client.post(
            "/api/v1/registrations/",
            name="API submission",
            data=json.dumps(body),
            headers={
                "Authorization": f"Bearer {INPUT['api_token']}",
                "Content-Type": "application/json",
                "Idempotency-Key": str(uuid.uuid4()),
            },
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"status {response.status_code}: {response.text[:200]}")


class ApiList(_BenchUser):
    @task
    def registrations(self) -> None:
        with self.client.get(
            "/api/v1/registrations/",
            name="API list of an organisation's registrations",
            headers={"Authorization": f"Bearer {INPUT['api_token']}"},
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class PrivacyPersonQuery(_BenchUser):
    role = "privacy"

    @task
    def person(self) -> None:
        self._post(
            "/privacy/",
            {"bsn": INPUT["privacy"]["bsn"], **INPUT["privacy"]["period"]},
            name="access log: one person, five years",
            expect=200,
        )


class InviteeItem(_BenchUser):
    """A bench registrant invited for the casework item opens it (need-to-know page)."""

    role = "registrant"

    @task
    def item(self) -> None:
        self._get(
            f"/overleg/punt/{INPUT['casework_item']}/", name="casework: invitee's agenda item"
        )


class OwnerActions(_BenchUser):
    """A bench registrant opens their organisation's open actions."""

    role = "registrant"

    @task
    def actions(self) -> None:
        self._get("/overleg/acties/", name="casework: the organisation's open actions")


class Caseload(_BenchUser):
    """A bench procesregisseur opens their caseload (``BENCH_CASELOAD`` cases with signals)."""

    role = "regisseur"

    @task
    def caseload(self) -> None:
        self._get("/aanpak/", name="approach: the procesregisseur's caseload")
