"""The scenarios: the locust User class that drives each, and the request whose figures stand
for it (the others in a flow are reported beside it)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    key: str
    user_class: str
    request: str
    target_p95_ms: float | None = None
    read: bool = True


SCENARIOS = (
    Scenario(key="baseline", user_class="Baseline", request="baseline"),
    Scenario(
        key="queue_first",
        user_class="QueueFirstPage",
        request="queue first page",
        target_p95_ms=150,
    ),
    Scenario(
        key="queue_later",
        user_class="QueueLaterPage",
        request="queue later page",
        target_p95_ms=150,
    ),
    Scenario(key="detail", user_class="Detail", request="registration detail", target_p95_ms=100),
    Scenario(key="search", user_class="PersonSearch", request="person search", target_p95_ms=100),
    Scenario(
        key="submit_web",
        user_class="SubmitWeb",
        request="web submission: submit",
        target_p95_ms=200,
        read=False,
    ),
    Scenario(
        key="submit_api",
        user_class="SubmitApi",
        request="API submission",
        target_p95_ms=200,
        read=False,
    ),
    Scenario(
        key="api_list", user_class="ApiList", request="API list of an organisation's registrations"
    ),
    Scenario(
        key="privacy_person",
        user_class="PrivacyPersonQuery",
        request="access log: one person, five years",
        target_p95_ms=500,
    ),
    # casework (issue 12): the invitee's agenda item and the owner's action list
    Scenario(
        key="invitee_item",
        user_class="InviteeItem",
        request="casework: invitee's agenda item",
        target_p95_ms=100,
    ),
    Scenario(
        key="owner_actions",
        user_class="OwnerActions",
        request="casework: the organisation's open actions",
        target_p95_ms=100,
    ),
    # the integrated approach (issue 13): the procesregisseur's caseload with its signals
    Scenario(
        key="caseload",
        user_class="Caseload",
        request="approach: the procesregisseur's caseload",
        target_p95_ms=150,
    ),
)
