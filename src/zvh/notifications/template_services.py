"""Writes to the mail templates, and their preview."""

from django.conf import settings

from .defaults import DEFAULT_TEMPLATES
from .models import MailTemplate
from .templating import RenderedMail, example_context, render_source


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
