"""Logging filters used by settings.LOGGING."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx answer (404, 403, a CSRF failure, a bad host) is one line in the log.

    Django logs them with the exception that made them, hence a traceback each time a robot
    probes an address; they are the client's mistake, not the code's. 5xx keep theirs.
    """

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
