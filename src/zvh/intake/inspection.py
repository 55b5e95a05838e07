"""Reading a raw mail defensively: what it says about itself, and what is wrong with it.

``inspect_message`` never raises: whatever the bytes, it returns an ``Inspection`` whose
``reasons`` say why the mail must be quarantined (empty: nothing wrong with the contents). It
does not touch the database.

Rules (the limits are settings, see ``Limits``):
- Header injection: a header line with a bare CR or LF or a NUL byte; a decoded header value
  with a line break or a NUL (an encoded word can hide one); a header that may occur once
  (From, Sender, To, Subject, Message-ID, …) occurring twice; more than ``max_headers`` header
  lines; an unfolded header longer than ``max_header_bytes``.
- Broken MIME: any defect the parser records (missing or broken boundaries, base64 garbage,
  undecodable bytes, a missing header/body separator …), an unknown character set in a text
  part, a parser that gives up, or an 8-bit byte in the headers that is not UTF-8 (RFC 6532).
- The subject is stored and shown up to an injected line break only (``shown_subject``).
- Too many parts: more than ``max_parts`` leaf parts; counted on the raw bytes first (boundary
  lines), so a mail with a hundred thousand parts is never parsed in full.
- Nesting: more than ``max_depth`` levels of multipart or attached messages (``message/rfc822``).
- Sender: exactly one From header with exactly one valid address.
- Attachments: each leaf that is not a text body is judged by ``files.judge_file``; hostile
  findings quarantine the mail (``enums.HOSTILE_VERDICTS``).
"""

import email.parser
import email.policy
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message

from django.conf import settings

from .enums import HOSTILE_VERDICTS, AttachmentVerdict, QuarantineReason
from .files import judge_file, safe_name

#: Headers RFC 5322 allows once; a second one is an injection or a forgery.
SINGLE_HEADERS = frozenset(
    {
        "from",
        "sender",
        "reply-to",
        "to",
        "cc",
        "bcc",
        "message-id",
        "in-reply-to",
        "references",
        "subject",
        "date",
    }
)
#: Parser defects that do not make a message broken (old but legal syntax).
BENIGN_DEFECTS = frozenset({"ObsoleteHeaderDefect"})
#: Characters of a decoded header value that no legitimate header holds.
_CONTROL = re.compile(r"[\r\n\x00]")
_LINE_BREAK = re.compile(r"[\r\n]")
#: What a header value decoded with ``surrogateescape`` holds for a byte of no known charset.
_UNDECODABLE = re.compile("[\udc80-\udcff]")
#: Marks a subject cut off at an injected line break.
CUT = " [\u2026]"
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_BOUNDARY_LINE = re.compile(rb"^--", re.MULTILINE)
_DMARC_PASS = re.compile(r"\bdmarc\s*=\s*pass\b", re.IGNORECASE)
SUBJECT_MAX = 300


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    max_parts: int
    max_depth: int
    max_headers: int
    max_header_bytes: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_parts=settings.ZVH_INTAKE_MAX_PARTS,
            max_depth=settings.ZVH_INTAKE_MAX_DEPTH,
            max_headers=settings.ZVH_INTAKE_MAX_HEADERS,
            max_header_bytes=settings.ZVH_INTAKE_MAX_HEADER_BYTES,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundAttachment:
    name: str
    content_type: str
    size: int
    verdict: AttachmentVerdict
    #: The type to store for an accepted attachment (from the attachment rules).
    stored_type: str = ""
    data: bytes = field(default=b"", repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Inspection:
    message_id: str
    #: SHA-256 of the Message-ID, or of the raw bytes for a mail without one.
    message_key: str
    sha256: str
    header_from: str
    subject: str
    #: Whether the trusted mail server confirmed the sender's domain (always True when no
    #: trusted server is configured; see ``settings.ZVH_INTAKE_TRUSTED_AUTHSERV_ID``).
    authenticated: bool
    reasons: tuple[QuarantineReason, ...]
    attachments: tuple[FoundAttachment, ...] = ()


class _Findings:
    def __init__(self) -> None:
        self.reasons: list[QuarantineReason] = []

    def add(self, reason: QuarantineReason) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)


def printable(text: str, *, limit: int) -> str:
    """``text`` with every character that is not printable (control characters, NUL, the
    surrogates that stand for undecodable bytes) replaced, at most ``limit`` characters: safe to
    store in any database and to show."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)[:limit]


def shown_subject(text: str) -> str:
    """The subject as stored and shown. A line break inside a decoded header is an injection
    attempt (an encoded-word smuggling ``\r\nBcc: …``): everything from it on is cut off and
    marked with ``[…]``, so no injected header text is shown as if it were the subject; NUL
    becomes a space and every other control or invisible character the replacement character."""
    head, *injected = _LINE_BREAK.split(text, maxsplit=1)
    shown = printable(head.replace("\x00", " "), limit=SUBJECT_MAX - len(CUT))
    return shown + CUT if injected else shown


def _parser() -> email.parser.BytesParser:
    return email.parser.BytesParser(policy=email.policy.default)


def _header_block(raw: bytes) -> bytes:
    match = _HEADER_END.search(raw)
    return raw[: match.start()] if match else raw


def _check_raw_headers(raw: bytes, limits: Limits, found: _Findings) -> None:
    block = _header_block(raw)
    # Over SMTP every line ends in CRLF; a message with LF line ends only is read as such.
    lines = block.split(b"\r\n") if b"\r\n" in block else block.split(b"\n")
    if any(b"\r" in line or b"\n" in line or b"\x00" in line for line in lines):
        found.add(QuarantineReason.HEADER_INJECTION)
    try:
        block.decode("utf-8")  # ASCII, or UTF-8 (RFC 6532); any other 8-bit byte is broken
    except UnicodeDecodeError:
        found.add(QuarantineReason.BROKEN_MIME)
    starts = [line for line in lines if line[:1] not in (b" ", b"\t") and line]
    if len(starts) > limits.max_headers:
        found.add(QuarantineReason.HEADER_INJECTION)
    counts: dict[bytes, int] = {}
    length = 0
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            length += len(line)
        else:
            length = len(line)
            name = line.split(b":", 1)[0].strip().lower()
            counts[name] = counts.get(name, 0) + 1
        if length > limits.max_header_bytes:
            found.add(QuarantineReason.HEADER_INJECTION)
    if any(counts.get(name.encode(), 0) > 1 for name in SINGLE_HEADERS):
        found.add(QuarantineReason.HEADER_INJECTION)


def _too_many_parts(raw: bytes, limits: Limits) -> bool:
    """An upper bound of the parts from the raw bytes (each part opens with a boundary line)."""
    return len(_BOUNDARY_LINE.findall(raw)) > 2 * limits.max_parts + 2


def _header_text(message: Message, name: str, found: _Findings) -> str:
    try:
        value = message.get(name)
        text = "" if value is None else str(value)
    except Exception:
        found.add(QuarantineReason.BROKEN_MIME)
        return ""
    if _CONTROL.search(text):
        found.add(QuarantineReason.HEADER_INJECTION)
    return text


def _check_decoded_headers(message: Message, found: _Findings) -> None:
    for name in set(message.keys()):
        try:
            values = [str(value) for value in message.get_all(name, [])]
        except Exception:
            found.add(QuarantineReason.BROKEN_MIME)
            continue
        if any(_CONTROL.search(value) for value in values):
            found.add(QuarantineReason.HEADER_INJECTION)
        if any(_UNDECODABLE.search(value) for value in values):
            found.add(QuarantineReason.BROKEN_MIME)


def _sender(message: Message, found: _Findings) -> str:
    try:
        headers = message.get_all("From", [])
        if len(headers) != 1:
            raise ValueError
        header = headers[0]
        addresses = getattr(header, "addresses", ())
        if len(addresses) != 1 or getattr(header, "defects", ()):
            raise ValueError
        address = addresses[0].addr_spec
        if address.count("@") != 1 or _CONTROL.search(address) or not address.isprintable():
            raise ValueError
    except Exception:
        found.add(QuarantineReason.MISSING_FROM)
        return ""
    return address[:320]


def _authenticated(message: Message) -> bool:
    """Whether the topmost Authentication-Results header of the trusted server says DMARC
    passed. Without a configured trusted server: True (the mail server in front is trusted to
    have refused what fails DMARC)."""
    trusted = settings.ZVH_INTAKE_TRUSTED_AUTHSERV_ID
    if not trusted:
        return True
    try:
        for value in message.get_all("Authentication-Results", []):
            text = str(value)
            authserv = text.split(";", 1)[0].strip().split()
            if authserv and authserv[0].lower() == trusted.lower():
                return bool(_DMARC_PASS.search(text))
    except Exception:
        return False
    return False


def _children(part: Message) -> list[Message]:
    if not part.is_multipart():
        return []
    payload = part.get_payload()
    return [child for child in payload if isinstance(child, Message)]


def _is_body_text(part: Message) -> bool:
    return (
        part.get_content_maintype() == "text"
        and part.get_content_subtype() in ("plain", "html")
        and not part.get_filename()
        and part.get_content_disposition() != "attachment"
    )


def _fallback_name(part: Message, position: int) -> str:
    extension = mimetypes.guess_extension(part.get_content_type()) or ""
    return f"bijlage-{position}{extension}"


def _leaf(
    part: Message, position: int, found: _Findings, attachments: list[FoundAttachment]
) -> None:
    if _is_body_text(part):
        try:
            part.get_content()
        except Exception:  # LookupError (unknown charset), UnicodeError, …
            found.add(QuarantineReason.BROKEN_MIME)
        return
    try:
        name = safe_name(part.get_filename(), fallback=_fallback_name(part, position))
    except Exception:
        found.add(QuarantineReason.BROKEN_MIME)
        name = _fallback_name(part, position)
    content_type = printable(part.get_content_type(), limit=100)
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        attachments.append(
            FoundAttachment(
                name=name, content_type=content_type, size=0, verdict=AttachmentVerdict.UNDECODABLE
            )
        )
        found.add(QuarantineReason.BROKEN_MIME)
        return
    if any(type(d).__name__ not in BENIGN_DEFECTS for d in part.defects):
        judgement_verdict = AttachmentVerdict.UNDECODABLE
        stored_type = ""
    else:
        judgement = judge_file(name=name, content_type=content_type, data=data)
        judgement_verdict, stored_type = judgement.verdict, judgement.content_type
    hostile = HOSTILE_VERDICTS.get(judgement_verdict)
    if hostile is not None:
        found.add(hostile)
    attachments.append(
        FoundAttachment(
            name=name,
            content_type=content_type,
            size=len(data),
            verdict=judgement_verdict,
            stored_type=stored_type,
            data=data if judgement_verdict == AttachmentVerdict.ACCEPTED else b"",
        )
    )


def _walk(message: Message, limits: Limits, found: _Findings) -> list[FoundAttachment]:
    """Every part, depth first, without recursion; defects, nesting and parts are checked."""
    attachments: list[FoundAttachment] = []
    stack: list[tuple[Message, int]] = [(message, 0)]
    leaves = 0
    while stack:
        part, depth = stack.pop()
        if depth > limits.max_depth:
            found.add(QuarantineReason.NESTED_TOO_DEEPLY)
            continue
        if any(type(d).__name__ not in BENIGN_DEFECTS for d in part.defects):
            found.add(QuarantineReason.BROKEN_MIME)
        children = _children(part)
        if part.is_multipart():
            stack.extend((child, depth + 1) for child in reversed(children))
            continue
        leaves += 1
        if leaves > limits.max_parts:
            found.add(QuarantineReason.TOO_MANY_PARTS)
            break
        try:
            _leaf(part, leaves, found, attachments)
        except Exception:
            found.add(QuarantineReason.BROKEN_MIME)
    return attachments


def _key(message_id: str, raw: bytes) -> str:
    if message_id:
        return hashlib.sha256(b"message-id:" + message_id.encode("utf-8", "replace")).hexdigest()
    return hashlib.sha256(b"raw:" + raw).hexdigest()


def _headers_only(raw: bytes) -> Message:
    try:
        return email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
    except Exception:
        return EmailMessage()


def inspect_message(raw: bytes, *, limits: Limits | None = None) -> Inspection:
    """Everything the intake needs to know of ``raw`` (see the module's rules). Never raises."""
    limits = limits or Limits.from_settings()
    found = _Findings()
    attachments: list[FoundAttachment] = []
    try:
        _check_raw_headers(raw, limits, found)
    except Exception:
        found.add(QuarantineReason.HEADER_INJECTION)
    message: Message | None = None
    if _too_many_parts(raw, limits):
        found.add(QuarantineReason.TOO_MANY_PARTS)
    else:
        try:
            message = _parser().parsebytes(raw)
        except RecursionError:
            found.add(QuarantineReason.NESTED_TOO_DEEPLY)
        except Exception:
            found.add(QuarantineReason.BROKEN_MIME)
    if message is not None:
        try:
            attachments = _walk(message, limits, found)
        except RecursionError:
            found.add(QuarantineReason.NESTED_TOO_DEEPLY)
        except Exception:
            found.add(QuarantineReason.BROKEN_MIME)
    else:
        message = _headers_only(raw)
    try:
        _check_decoded_headers(message, found)
    except Exception:
        found.add(QuarantineReason.BROKEN_MIME)
    header_from = _sender(message, found)
    message_id = _header_text(message, "Message-ID", found).strip()
    subject = _header_text(message, "Subject", found)
    subject = shown_subject(subject)
    try:
        authenticated = _authenticated(message)
    except Exception:
        authenticated = False
    message_id = "".join(ch for ch in message_id if ch.isprintable())
    return Inspection(
        message_id=message_id[:255],
        message_key=_key(message_id, raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        header_from=header_from,
        subject=subject,
        authenticated=authenticated,
        reasons=tuple(found.reasons),
        attachments=tuple(attachments),
    )


def body_text(raw: bytes, *, limit: int = 20_000) -> str:
    """The plain-text body (or, without one, the HTML body's text as is) for the screener to
    read, decoded leniently, at most ``limit`` characters; '' when there is none or the message
    cannot be read."""
    try:
        if _too_many_parts(raw, Limits.from_settings()):
            return ""
        message = _parser().parsebytes(raw)
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:
            return ""
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset, errors="replace")
        except LookupError:
            text = payload.decode("utf-8", errors="replace")
    except Exception:
        return ""
    text = text.replace("\r\n", "\n")
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in text)[:limit]
