"""The request body parser: JSON only, and never a 500 on a body that is not valid JSON."""

import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MALFORMED_JSON = "The request body is not valid JSON (UTF-8 encoded)."


class SafeJSONParser(JSONParser):
    """``JSONParser`` that also refuses too deeply nested documents and undecodable bytes with a
    fixed message (the decoder's message can quote the body). NaN and Infinity are refused."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            raw = stream.read() if stream is not None else b""
            return json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except (ValueError, RecursionError, UnicodeDecodeError) as error:
            raise ParseError(MALFORMED_JSON) from error


def _refuse_constant(name: str) -> Any:
    raise ValueError("non-finite number")
