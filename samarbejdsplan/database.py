"""What a lost or refused database connection looks like to Django."""

from django.db import InterfaceError, OperationalError

# PostgreSQL stopped, restarting or unreachable, or a kept connection that died:
# the visitor should simply try again (503), and the connection be replaced.
CONNECTION_ERRORS = (OperationalError, InterfaceError)
