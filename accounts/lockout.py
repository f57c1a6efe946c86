"""Wrong passwords lock the account they were typed for, not the colleagues who share its
device: a whole office may log in from one address and browser. A device is locked only
after far more failures, which can only come from trying many accounts (each account
stops counting once it is locked)."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class AccountFirstHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit per lockout parameter: the account's
    (AXES_FAILURE_LIMIT) and the device's (LOGIN_DEVICE_FAILURE_LIMIT). The
    lockout parameters are, in this order, the user name and the address with the browser."""

    def get_failures(self, request, credentials=None) -> int:
        account, device = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if device >= settings.LOGIN_DEVICE_FAILURE_LIMIT:
            return max(account, settings.AXES_FAILURE_LIMIT)
        return account
