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
