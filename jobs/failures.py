from django.db import connection


def database_connection_reset() -> None:
    """After a failure that may have been the database's own (the server restarted, the
    network dropped), close a connection that no longer answers, so that recording the
    failure opens a new one instead of failing too. A closed one reopens by itself."""
    if connection.connection is not None and not connection.is_usable():
        connection.close()
