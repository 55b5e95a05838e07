"""Judging one attachment of a mail: hostile (a program, a zip bomb, an encrypted archive) or not,
and if not, whether the registration's own attachment rules take it.

Rules:
- A program or script is recognised by its name (extension) *and* by its first bytes (Windows
  MZ, ELF, Mach-O, a ``#!`` script), also inside a zip archive, so a renamed ``.pdf`` is caught.
- Archives are judged from their central directory without unpacking them: too many members,
  too much declared unpacked size, or an extreme compression ratio make a zip bomb. Of each
  member only the first bytes are read (a bounded read, whatever the archive declares); a nested
  archive is read (bounded) and judged in turn, one level deep at most.
- Everything else goes through ``registrations.attachments.attachment_check`` (allowed types,
  contents matching the extension, size).
"""

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath, PureWindowsPath

from django.core.exceptions import ValidationError

from zvh.registrations.attachments import attachment_check

from .enums import AttachmentVerdict

#: File name extensions of programs, scripts, installers, shortcuts and disk images.
EXECUTABLE_EXTENSIONS = frozenset(
    {
        ".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".pif", ".cpl", ".msi", ".msp", ".msc",
        ".js", ".jse", ".vbs", ".vbe", ".wsf", ".wsh", ".ps1", ".psm1", ".hta", ".jar", ".lnk",
        ".reg", ".sh", ".bash", ".app", ".apk", ".elf", ".bin", ".run", ".iso", ".img", ".vhd",
        ".vhdx", ".appx", ".msix", ".gadget", ".application", ".inf", ".sys", ".drv",
    }
)  # fmt: skip
#: First bytes of programs: Windows (MZ), ELF, Mach-O (both byte orders, 32/64 bit), scripts.
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"#!",
)
EXECUTABLE_TYPES = frozenset(
    {
        "application/x-msdownload",
        "application/x-dosexec",
        "application/x-executable",
        "application/x-sh",
        "application/x-msi",
        "application/vnd.microsoft.portable-executable",
        "application/java-archive",
        "application/hta",
    }
)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

#: Zip bomb limits: members, declared unpacked bytes in all, compression ratio (for members of
#: at least RATIO_FROM bytes), and how many archives deep a nested archive may be.
ARCHIVE_MAX_MEMBERS = 1000
ARCHIVE_MAX_UNPACKED = 100 * 1024 * 1024
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_FROM = 1024 * 1024
ARCHIVE_MAX_DEPTH = 1
#: A nested archive is read into memory up to this size (larger: a bomb).
NESTED_ARCHIVE_MAX_BYTES = 10 * 1024 * 1024
#: Bytes read from the start of each archive member to recognise it.
HEAD_BYTES = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class FileJudgement:
    verdict: AttachmentVerdict
    #: The content type to store (the one configured for the extension) when accepted.
    content_type: str = ""


def safe_name(raw: str | None, *, fallback: str) -> str:
    """The last path component of a sender's file name, without control characters, at most 255
    characters (the original name is only ever stored as a field, never as a path)."""
    name = "".join(ch for ch in (raw or "") if ch.isprintable())
    name = PureWindowsPath(PurePath(name).name).name.strip().strip(".") or fallback
    return name[-255:]


def _extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def is_executable(*, name: str, head: bytes, content_type: str = "") -> bool:
    return (
        _extension(name) in EXECUTABLE_EXTENSIONS
        or head.startswith(EXECUTABLE_MAGIC)
        or content_type.lower() in EXECUTABLE_TYPES
    )


def is_zip(*, name: str, head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC) or _extension(name) == ".zip"


def _member_head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes | None:
    """The first ``size`` bytes of a member, decompressing no more than that; None if the member
    cannot be read (broken data, an unsupported method)."""
    try:
        with archive.open(info) as member:
            return member.read(size)
    except Exception:  # zlib.error, BadZipFile, NotImplementedError, RuntimeError, EOFError …
        return None


def archive_verdict(data: bytes, *, depth: int = 0) -> AttachmentVerdict | None:
    """What makes a zip archive hostile, or None. Not a readable zip: None (the attachment rules
    decide about it)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:
        return None
    if len(infos) > ARCHIVE_MAX_MEMBERS:
        return AttachmentVerdict.ARCHIVE_BOMB
    if sum(info.file_size for info in infos) > ARCHIVE_MAX_UNPACKED:
        return AttachmentVerdict.ARCHIVE_BOMB
    for info in infos:
        if info.flag_bits & 0x1:
            return AttachmentVerdict.ENCRYPTED_ARCHIVE
        if info.file_size >= ARCHIVE_RATIO_FROM and (
            info.file_size > ARCHIVE_MAX_RATIO * max(info.compress_size, 1)
        ):
            return AttachmentVerdict.ARCHIVE_BOMB
        if info.is_dir():
            continue
        head = _member_head(archive, info, HEAD_BYTES)
        if head is None:
            continue
        if is_executable(name=info.filename, head=head):
            return AttachmentVerdict.EXECUTABLE
        if is_zip(name=info.filename, head=head):
            verdict = _nested_verdict(archive, info, depth=depth)
            if verdict is not None:
                return verdict
    return None


def _nested_verdict(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, depth: int
) -> AttachmentVerdict | None:
    if depth >= ARCHIVE_MAX_DEPTH:
        return AttachmentVerdict.NESTED_ARCHIVE
    inner = _member_head(archive, info, NESTED_ARCHIVE_MAX_BYTES + 1)
    if inner is None:
        return None
    if len(inner) > NESTED_ARCHIVE_MAX_BYTES:
        return AttachmentVerdict.ARCHIVE_BOMB
    return archive_verdict(inner, depth=depth + 1)


def judge_file(*, name: str, content_type: str, data: bytes) -> FileJudgement:
    """The verdict on one attachment (see the module's rules)."""
    if is_executable(name=name, head=data[:HEAD_BYTES], content_type=content_type):
        return FileJudgement(verdict=AttachmentVerdict.EXECUTABLE)
    if is_zip(name=name, head=data[:HEAD_BYTES]) or data.startswith(ZIP_MAGIC):
        hostile = archive_verdict(data)
        if hostile is not None:
            return FileJudgement(verdict=hostile)
    try:
        stored_type = attachment_check(name=name, size=len(data), data=data)
    except ValidationError as refusal:
        codes = {error.code for error in refusal.error_list}
        for verdict in AttachmentVerdict:
            if verdict.value in codes:
                return FileJudgement(verdict=verdict)
        return FileJudgement(verdict=AttachmentVerdict.TYPE_NOT_ALLOWED)
    return FileJudgement(verdict=AttachmentVerdict.ACCEPTED, content_type=stored_type)
