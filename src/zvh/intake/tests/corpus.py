"""A corpus of malformed and hostile mails, generated here (no binary fixtures, no personal
data). Each item says what the listener must answer and, when it stores the mail, which
quarantine reason(s) may explain it (any one of them must be there)."""

import base64
import io
import random
import zipfile
from dataclasses import dataclass

from .conftest import PARTNER, PDF, SITTARD

CRLF = b"\r\n"


@dataclass(frozen=True, slots=True, kw_only=True)
class Case:
    name: str
    raw: bytes
    #: The SMTP reply expected (250: stored).
    code: int = 250
    #: For a stored mail: at least one of these reasons; None: no particular reason (it may
    #: even become a draft); an empty set: it must become a draft.
    reasons: frozenset[str] | None = None


def headers(*lines: str, message_id: str | None = None, sender: str = PARTNER) -> bytes:
    base = [f"From: {sender}", f"To: {SITTARD}", "Subject: Aanmelding"]
    if message_id is not None:
        base.append(f"Message-ID: <{message_id}@corpus.invalid>")
    return CRLF.join(line.encode() for line in (*base, *lines)) + CRLF


def multipart(name: str, *parts: bytes, boundary: str = "grens", extra: tuple = ()) -> bytes:
    head = headers(
        "MIME-Version: 1.0",
        f"Content-Type: multipart/mixed; boundary={boundary}",
        *extra,
        message_id=name,
    )
    body = b"".join(b"--" + boundary.encode() + CRLF + part + CRLF for part in parts)
    return head + CRLF + body + b"--" + boundary.encode() + b"--" + CRLF


def text_part(text: str = "Hierbij de aanmelding.") -> bytes:
    return b"Content-Type: text/plain; charset=utf-8" + CRLF + CRLF + text.encode()


def attachment(filename: str, data: bytes, content_type: str = "application/octet-stream") -> bytes:
    encoded = base64.encodebytes(data).replace(b"\n", CRLF)
    return (
        f"Content-Type: {content_type}\r\n"
        f'Content-Disposition: attachment; filename="{filename}"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode() + encoded


def zip_of(*members: tuple[str, bytes], encrypted: bool = False) -> bytes:
    """A zip of ``members``; ``encrypted`` sets the "encrypted" flag of every member in the local
    headers and the central directory (zipfile cannot write encrypted archives)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 11, 23, 12, 0, 0)), data)
    data = bytearray(buffer.getvalue())
    if encrypted:
        for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            position = data.find(signature)
            while position != -1:
                data[position + flag_offset] |= 0x1
                position = data.find(signature, position + 4)
    return bytes(data)


def zip_bomb(megabytes: int = 20) -> bytes:
    """One member of ``megabytes`` MB of zeros, written in chunks (a few KB compressed)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("gegevens.txt", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(b"\0" * (1024 * 1024))
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 57


def nested_messages(levels: int) -> bytes:
    raw = headers(message_id=f"genest-{levels}")
    for _ in range(levels):
        raw += b"MIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n"
        raw += b"From: " + PARTNER.encode() + CRLF
    return raw + b"Subject: binnenste\r\n\r\ntekst\r\n"


def nested_multiparts(levels: int) -> bytes:
    raw = headers("MIME-Version: 1.0", message_id=f"meerdelig-{levels}")
    for level in range(levels):
        raw += f"Content-Type: multipart/mixed; boundary=b{level}\r\n\r\n--b{level}\r\n".encode()
    return raw + b"Content-Type: text/plain\r\n\r\ntekst\r\n"


def cases() -> list[Case]:
    rng = random.Random(20261123)
    garbage = bytes(rng.randrange(256) for _ in range(4000))
    garbage_lines = CRLF.join(
        garbage[i : i + 70].replace(b"\r", b"").replace(b"\n", b"") for i in range(0, 4000, 70)
    )
    many_parts = multipart("veel-delen", *(text_part(f"deel {i}") for i in range(5000)))
    broken = frozenset({"broken_mime"})
    return [
        # --- structure ----------------------------------------------------------------------
        Case(
            name="broken boundary",
            raw=headers(
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=XX",
                message_id="grens-kapot",
            )
            + CRLF
            + b"--YY\r\nContent-Type: text/plain\r\n\r\ntekst\r\n--YY--\r\n",
            reasons=broken,
        ),
        Case(
            name="multipart without boundary",
            raw=headers("MIME-Version: 1.0", "Content-Type: multipart/mixed", message_id="geen")
            + CRLF
            + b"--YY\r\ntekst\r\n",
            reasons=broken,
        ),
        Case(
            name="unterminated multipart",
            raw=headers(
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=open",
                message_id="open",
            )
            + CRLF
            + b"--open\r\nContent-Type: text/plain\r\n\r\nnooit afgesloten\r\n",
            reasons=broken,
        ),
        Case(
            name="no headers at all",
            raw=b"Alleen tekst zonder kopregels, zonder lege regel ertussen.\r\n",
            reasons=frozenset({"missing_from"}),
        ),
        Case(
            name="missing From and Message-ID",
            raw=b"To: " + SITTARD.encode() + b"\r\nSubject: zonder afzender\r\n\r\nHallo\r\n",
            reasons=frozenset({"missing_from"}),
        ),
        Case(
            name="first header line is a continuation",
            raw=b" vervolg\r\n" + headers(message_id="vervolg") + CRLF + b"tekst\r\n",
            reasons=broken,
        ),
        # --- encodings and character sets ---------------------------------------------------
        Case(
            name="unknown character set",
            raw=headers(
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=x-onbekend-42",
                message_id="tekenset",
            )
            + CRLF
            + b"tekst\r\n",
            reasons=broken,
        ),
        Case(
            name="base64 garbage in an attachment",
            raw=multipart(
                "base64-rommel",
                text_part(),
                b"Content-Type: application/pdf\r\nContent-Disposition: attachment; "
                b"filename=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!@@@###$$$\r\n%%",
            ),
            reasons=broken,
        ),
        Case(
            name="unknown transfer encoding",
            raw=multipart(
                "codering",
                text_part(),
                b"Content-Type: application/pdf\r\nContent-Disposition: attachment; "
                b"filename=a.pdf\r\nContent-Transfer-Encoding: x-uuencode-99\r\n\r\n"
                + PDF.replace(b"\n", CRLF),
            ),
        ),
        Case(
            name="encoded word with an unknown charset",
            raw=headers(message_id="woord").replace(
                b"Subject: Aanmelding", b"Subject: =?x-onbekend?q?hallo=FF?="
            )
            + CRLF
            + b"x\r\n",
        ),
        Case(
            name="8-bit garbage in headers and body",
            raw=b"From: \xff\xfe\xfd@demo.invalid\r\nTo: "
            + SITTARD.encode()
            + b"\r\nSubject: \xe9\xe8\x80\x81\r\nMessage-ID: <8bit@corpus.invalid>\r\n\r\n"
            + garbage_lines
            + CRLF,
            reasons=frozenset({"missing_from", "broken_mime", "header_injection"}),
        ),
        Case(name="binary garbage only", raw=garbage_lines + CRLF),
        Case(
            name="NUL bytes in the body",
            raw=headers(message_id="nul") + CRLF + b"tekst\x00\x00met nullen\r\n",
        ),
        Case(
            name="RFC 2231 file name in an unknown charset, with a path",
            raw=multipart(
                "bestandsnaam",
                text_part(),
                b"Content-Type: application/pdf\r\nContent-Disposition: attachment; "
                b"filename*=x-onbekend''..%2F..%2Fetc%2Fpasswd.pdf\r\n"
                b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode(PDF),
            ),
        ),
        # --- nesting and parts --------------------------------------------------------------
        Case(
            name="messages nested 50 deep",
            raw=nested_messages(50),
            reasons=frozenset({"nested_too_deeply"}),
        ),
        Case(
            name="messages nested 3000 deep",
            raw=nested_messages(3000),
            reasons=frozenset({"nested_too_deeply", "broken_mime"}),
        ),
        Case(
            name="multiparts nested 3000 deep",
            raw=nested_multiparts(3000),
            reasons=frozenset({"nested_too_deeply", "too_many_parts", "broken_mime"}),
        ),
        Case(
            name="5000 parts",
            raw=many_parts,
            reasons=frozenset({"too_many_parts"}),
        ),
        # --- hostile attachments ------------------------------------------------------------
        Case(
            name="an .exe",
            raw=multipart("exe", text_part(), attachment("formulier.exe", EXE)),
            reasons=frozenset({"executable"}),
        ),
        Case(
            name="a program renamed to .pdf",
            raw=multipart(
                "vermomd", text_part(), attachment("formulier.pdf", EXE, "application/pdf")
            ),
            reasons=frozenset({"executable"}),
        ),
        Case(
            name="an ELF program renamed to .txt",
            raw=multipart("elf", text_part(), attachment("notitie.txt", ELF, "text/plain")),
            reasons=frozenset({"executable"}),
        ),
        Case(
            name="a zip holding a program",
            raw=multipart(
                "zip-exe",
                text_part(),
                attachment("stukken.zip", zip_of(("lees.pdf", PDF), ("factuur.pdf", EXE))),
            ),
            reasons=frozenset({"executable"}),
        ),
        Case(
            name="a zip bomb",
            raw=multipart("zipbom", text_part(), attachment("stukken.zip", zip_bomb())),
            reasons=frozenset({"archive_bomb"}),
        ),
        Case(
            name="a zip bomb named .docx",
            raw=multipart("docxbom", text_part(), attachment("formulier.docx", zip_bomb())),
            reasons=frozenset({"archive_bomb"}),
        ),
        Case(
            name="zips nested three deep",
            raw=multipart(
                "zip-in-zip",
                text_part(),
                attachment(
                    "stukken.zip",
                    zip_of(("binnen.zip", zip_of(("dieper.zip", zip_of(("a.txt", b"x")))))),
                ),
            ),
            reasons=frozenset({"archive_bomb"}),
        ),
        Case(
            name="an encrypted zip",
            raw=multipart(
                "versleuteld",
                text_part(),
                attachment("stukken.zip", zip_of(("a.pdf", PDF), encrypted=True)),
            ),
            reasons=frozenset({"encrypted_archive"}),
        ),
        Case(
            name="a forwarded message holding a program",
            raw=multipart(
                "doorgestuurd",
                text_part(),
                b"Content-Type: message/rfc822\r\n\r\n"
                + multipart("binnen", text_part(), attachment("setup.exe", EXE), boundary="binnen"),
            ),
            reasons=frozenset({"executable"}),
        ),
        # --- header injection ---------------------------------------------------------------
        Case(
            name="CRLF hidden in an encoded word",
            raw=headers(message_id="injectie").replace(
                b"Subject: Aanmelding", b"Subject: =?utf-8?q?hoi=0D=0ABcc:_x@example.org?="
            )
            + CRLF
            + b"tekst\r\n",
            reasons=frozenset({"header_injection"}),
        ),
        Case(
            name="a bare CR in a header",
            raw=headers(message_id="kale-cr").replace(
                b"Subject: Aanmelding", b"Subject: Aanmelding\rBcc: x@example.org"
            )
            + CRLF
            + b"tekst\r\n",
            reasons=frozenset({"header_injection"}),
        ),
        Case(
            name="a bare LF in a header",
            raw=headers(message_id="kale-lf").replace(
                b"Subject: Aanmelding", b"Subject: Aanmelding\nBcc: x@example.org"
            )
            + CRLF
            + b"tekst\r\n",
            reasons=frozenset({"header_injection"}),
        ),
        Case(
            name="two From headers",
            raw=headers("From: " + PARTNER, message_id="twee-afzenders") + CRLF + b"tekst\r\n",
            reasons=frozenset({"header_injection"}),
        ),
        Case(
            name="two Subject headers",
            raw=headers("Subject: nog een", message_id="twee-onderwerpen") + CRLF + b"x\r\n",
            reasons=frozenset({"header_injection"}),
        ),
        Case(
            name="From with two addresses",
            raw=headers(message_id="twee-adressen", sender=f"{PARTNER}, ander@example.org")
            + CRLF
            + b"tekst\r\n",
            reasons=frozenset({"missing_from"}),
        ),
        Case(
            name="an overlong folded header",
            raw=headers("X-Lang: " + "\r\n ".join("a" * 900 for _ in range(20)), message_id="lang")
            + CRLF
            + b"tekst\r\n",
            reasons=frozenset({"header_injection"}),
        ),
        Case(
            name="600 header lines",
            raw=headers(*(f"X-Veld-{i}: waarde" for i in range(600)), message_id="velden")
            + CRLF
            + b"tekst\r\n",
            reasons=frozenset({"header_injection"}),
        ),
        Case(
            name="a 900-character Message-ID",
            raw=headers(message_id="m" * 900) + CRLF + b"tekst\r\n",
            reasons=frozenset(),
        ),
        # --- refused by the SMTP layer ------------------------------------------------------
        Case(name="an empty message", raw=b"", code=554),
        Case(name="only blank lines", raw=b"\r\n\r\n\r\n", code=554),
        Case(
            name="a 5000-byte line",
            raw=headers(message_id="lange-regel") + CRLF + b"x" * 5000 + CRLF,
            code=500,
        ),
        Case(
            name="a 1 MB line",
            raw=headers(message_id="mega-regel") + CRLF + b"y" * (1024 * 1024) + CRLF,
            code=500,
        ),
    ]
