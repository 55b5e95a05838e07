"""The mail templates in force: rendering a mail, writes to the templates, and their preview."""

from typing import Any

import structlog
from django.conf import settings
from django.core.exceptions import ValidationError

from .defaults import DEFAULT_TEMPLATES
from .models import MailTemplate
from .templating import RenderedMail, example_context, render_source

log = structlog.get_logger(__name__)


def template_source(*, key: str, language: str, veiligheidshuis: Any | None) -> tuple[str, str]:
    """The (subject, body) in force: the Veiligheidshuis's own version, else the shipped one."""
    if veiligheidshuis is not None:
        own = (
            MailTemplate.objects.filter(veiligheidshuis=veiligheidshuis, key=key, language=language)
            .values_list("subject", "body")
            .first()
        )
        if own is not None:
            return own
    return DEFAULT_TEMPLATES.get((key, language)) or DEFAULT_TEMPLATES[(key, "nl")]


def render_mail(
    *, key: str, language: str, veiligheidshuis: Any | None, context: dict[str, Any]
) -> RenderedMail:
    """Render the template in force; a stored template that no longer validates falls back to
    the shipped one (and is logged), so a mail is never lost to an edit."""
    subject, body = template_source(key=key, language=language, veiligheidshuis=veiligheidshuis)
    try:
        return render_source(
            key=key, subject=subject, body=body, context=context, language=language
        )
    except ValidationError:
        log.error("mail_template_invalid", key=key, language=language)
        subject, body = DEFAULT_TEMPLATES[(key, language)]
        return render_source(
            key=key, subject=subject, body=body, context=context, language=language
        )


def mail_templates_seed(*, veiligheidshuis) -> int:
    """Give the Veiligheidshuis every shipped template it does not have yet (Dutch and English);
    existing, edited templates are kept. Returns how many were added."""
    have = set(
        MailTemplate.objects.filter(veiligheidshuis=veiligheidshuis).values_list("key", "language")
    )
    missing = [
        MailTemplate(
            veiligheidshuis=veiligheidshuis, key=key, language=language, subject=subject, body=body
        )
        for (key, language), (subject, body) in DEFAULT_TEMPLATES.items()
        if (key, language) not in have
    ]
    MailTemplate.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def mail_template_preview(*, template: MailTemplate) -> RenderedMail:
    """The template rendered in its own language with made-up data (never a real case); an
    invalid template raises the same ValidationError as saving it would."""
    context = example_context(
        veiligheidshuis_name=template.veiligheidshuis.name, base_url=settings.ZVH_BASE_URL
    )
    return render_source(
        key=template.key,
        subject=template.subject,
        body=template.body,
        context=context,
        language=template.language,
    )
