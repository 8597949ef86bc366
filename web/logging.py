"""Log filters."""

import logging

from .database import CONNECTION_ERRORS


class ShortDatabaseErrors(logging.Filter):
    """A lost or refused database connection is logged as one line, without traceback.

    During an outage every request fails with the same error; a traceback for
    each would bury everything else in the log. The line still says what failed.
    """

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, CONNECTION_ERRORS):
            record.msg = f"{record.msg} (database: {str(error).strip().splitlines()[0]})"
            record.exc_info = None
            record.exc_text = None
        return True


class ClientErrors(logging.Filter):
    """A request refused for the client's own doing is one warning line, without traceback.

    Django logs a refused Host header (any SuspiciousOperation) as an error with
    its traceback, and a 403 with the traceback of its PermissionDenied. A
    scanner sending a wrong Host header a hundred times a second then wrote
    megabytes of tracebacks, and `grep ERROR` found only them. Every 4xx is a
    warning of one line: what was refused, and where.
    """

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
            if record.levelno > logging.WARNING:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
