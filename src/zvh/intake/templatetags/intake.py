"""``{% intake_quarantine_link %}``: for a screener, a link to the e-mail quarantine with the
number of mails waiting there (nothing for anyone else). One count query.

``{% intake_original_mail registration %}``: links to the mail(s) a registration was made of."""

from django import template

from zvh.accounts.permissions import may_use_meldpunt
from zvh.intake.selectors import inbound_mails_of_registration, quarantine_count

register = template.Library()


@register.inclusion_tag("intake/_quarantine_link.html", takes_context=True)
def intake_quarantine_link(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not may_use_meldpunt(user):
        return {"show": False}
    return {"show": True, "count": quarantine_count(user)}


@register.inclusion_tag("intake/_original_mail.html", takes_context=True)
def intake_original_mail(context, registration) -> dict:
    """For a screener on a registration's page: links to the e-mail(s) it was made of (its
    original message, attachments and why it was quarantined, if it was). The caller has already
    checked that the user may see the registration; one query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not may_use_meldpunt(user):
        return {"mails": []}
    return {"mails": list(inbound_mails_of_registration(registration=registration))}
