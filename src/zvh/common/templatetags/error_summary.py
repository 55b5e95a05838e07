"""``form|error_summary``: a form's errors for the one error summary include
(``common/_error_summary.html``), for pages whose view does not compute them (the login and
second-factor wizard, re-authentication, the invitation)."""

from django import template
from django.forms import Form

from zvh.common.error_summary import SummaryItem
from zvh.common.error_summary import error_summary as summary_of

register = template.Library()


@register.filter
def error_summary(form: Form | None) -> list[SummaryItem]:
    return summary_of(form)
