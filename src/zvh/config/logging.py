"""Structured logging: structlog for our own events, routed through the standard library.

Log events carry identifiers (references, primary keys, codes), never names, BSNs or case text.
"""

import logging
import traceback
from typing import Any

import structlog


class WithholdExceptionMessages(logging.Filter):
    """Keep a traceback's frames (file, line, function) but not the exception's message: a
    database error repeats the values it refused (PostgreSQL: ``Key (bsn)=(…)``), a validation
    error the input. The message is replaced by the exception's type."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.exc_info or record.exc_info[0] is None:
            return True
        kind, _value, tb = record.exc_info
        text = "".join(traceback.format_tb(tb)) + f"{kind.__module__}.{kind.__qualname__}"
        text += " (message withheld: it may hold personal data)"
        if isinstance(record.msg, dict):
            record.msg = {
                **{k: v for k, v in record.msg.items() if k != "exc_info"},
                "exception": text,
            }
        else:
            record.msg = f"{record.getMessage()}\n{text}"
            record.args = ()
        record.exc_info = None
        record.exc_text = None
        return True


def configure_structlog(*, level: str, fmt: str) -> dict[str, Any]:
    """Configure structlog and return the matching ``LOGGING`` dict for Django."""
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    renderer = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    renderer,
                ],
                "foreign_pre_chain": shared,
            }
        },
        "filters": {"withhold_exception_messages": {"()": WithholdExceptionMessages}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "structured",
                "filters": ["withhold_exception_messages"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Replaces Django's default handlers for "django", among them mail_admins (which
            # would mail a request and traceback): everything goes to the console above.
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            # Django's request logger prints the request path and, on errors, the request itself.
            "django.request": {"level": "ERROR", "propagate": True},
            "django.security": {"level": "WARNING", "propagate": True},
        },
    }
