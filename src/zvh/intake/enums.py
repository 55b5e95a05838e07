"""The vocabulary of the e-mail intake: what became of a mail, why it was quarantined, and what
was found of each attachment."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    DRAFT_CREATED = "draft_created", _("Draft registration created")
    QUARANTINED = "quarantined", _("In quarantine")
    ACCEPTED = "accepted", _("Accepted from quarantine")
    REJECTED = "rejected", _("Rejected")


class QuarantineReason(models.TextChoices):
    """Why a mail waits for a screener instead of becoming a draft. The label is the text the
    screener reads."""

    UNKNOWN_SENDER = (
        "unknown_sender",
        _("The sender is not a registrant of a partner organisation in this network."),
    )
    AMBIGUOUS_SENDER = (
        "ambiguous_sender",
        _("More than one account uses the sender's address."),
    )
    SENDER_MISMATCH = (
        "sender_mismatch",
        _("The envelope sender differs from the address in From."),
    )
    NOT_AUTHENTICATED = (
        "not_authenticated",
        _("The mail server did not confirm the sender's domain (DMARC)."),
    )
    CHANNEL_NOT_OFFERED = (
        "channel_not_offered",
        _("This Veiligheidshuis does not take registrations by e-mail."),
    )
    MISSING_FROM = ("missing_from", _("The message has no single valid sender address (From)."))
    HEADER_INJECTION = (
        "header_injection",
        _("Headers contain line breaks or control characters, are repeated, or are too long."),
    )
    BROKEN_MIME = (
        "broken_mime",
        _("The message structure is broken (MIME, encoding or character set)."),
    )
    TOO_MANY_PARTS = ("too_many_parts", _("The message has too many parts."))
    NESTED_TOO_DEEPLY = ("nested_too_deeply", _("The message is nested too deeply."))
    EXECUTABLE = ("executable", _("An attachment is a program or a script."))
    ARCHIVE_BOMB = (
        "archive_bomb",
        _("An archive unpacks to far more than its size or holds too many files (zip bomb)."),
    )
    ENCRYPTED_ARCHIVE = (
        "encrypted_archive",
        _("An archive is protected with a password and cannot be checked."),
    )
    DRAFT_REFUSED = ("draft_refused", _("A draft registration could not be made of it."))


#: Reasons that concern the contents (hostile or broken), not the sender.
CONTENT_REASONS: frozenset[QuarantineReason] = frozenset(
    {
        QuarantineReason.MISSING_FROM,
        QuarantineReason.HEADER_INJECTION,
        QuarantineReason.BROKEN_MIME,
        QuarantineReason.TOO_MANY_PARTS,
        QuarantineReason.NESTED_TOO_DEEPLY,
        QuarantineReason.EXECUTABLE,
        QuarantineReason.ARCHIVE_BOMB,
        QuarantineReason.ENCRYPTED_ARCHIVE,
    }
)


class AttachmentVerdict(models.TextChoices):
    """What was found of one attachment. Only ``ACCEPTED`` ones become attachments of the
    registration; the codes from ``empty`` to ``contents_mismatch`` are those of
    ``registrations.attachments.attachment_check``."""

    ACCEPTED = "accepted", _("Added to the registration")
    EMPTY = "empty", _("Empty file")
    TOO_BIG = "too_big", _("Larger than an attachment may be")
    TYPE_NOT_ALLOWED = "type_not_allowed", _("This type of file cannot be attached")
    CONTENTS_MISMATCH = "contents_mismatch", _("The contents do not match the file type")
    EXECUTABLE = "executable", _("A program or a script")
    ARCHIVE_BOMB = "archive_bomb", _("An archive that unpacks to far more than its size")
    ENCRYPTED_ARCHIVE = "encrypted_archive", _("An archive protected with a password")
    NESTED_ARCHIVE = "nested_archive", _("Archives nested too deeply")
    UNDECODABLE = "undecodable", _("The file's encoding is broken")


#: Attachment findings that quarantine the whole mail, and the reason they give.
HOSTILE_VERDICTS: dict[AttachmentVerdict, QuarantineReason] = {
    AttachmentVerdict.EXECUTABLE: QuarantineReason.EXECUTABLE,
    AttachmentVerdict.ARCHIVE_BOMB: QuarantineReason.ARCHIVE_BOMB,
    AttachmentVerdict.ENCRYPTED_ARCHIVE: QuarantineReason.ENCRYPTED_ARCHIVE,
    AttachmentVerdict.NESTED_ARCHIVE: QuarantineReason.ARCHIVE_BOMB,
    AttachmentVerdict.UNDECODABLE: QuarantineReason.BROKEN_MIME,
}
