"""SCIM 2.0 checked by scim2-tester, an independent implementation of the client side,
against the running server: discovery, then create, read, replace, patch and delete of
Users and Groups, as the RFCs 7643 and 7644 require."""

from collections import Counter

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

from accounts.api_tokens import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FAILING = {Status.ERROR, Status.CRITICAL}


def test_scim2_tester_finds_every_check_met(live_server):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    token = api_token_create(user=superuser, name="scim2-tester", days=1, scope="scim")[1]
    # Closed at the end: the server's thread for this keep-alive connection then ends, and
    # its database connection with it (else the test database cannot be dropped).
    with httpx2.Client(
        base_url=f"{live_server.url}/scim/v2",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ) as http:
        results = check_server(SyncSCIMClient(http))
    summary = Counter(result.status.name for result in results)
    print("scim2-tester:", dict(sorted(summary.items())))
    for result in results:
        if result.status == Status.SKIPPED:
            print("  skipped:", result.resource_type or "", result.title, "-", result.reason)
    failing = [
        f"{result.resource_type or ''} {result.title}: {result.reason}"
        for result in results
        if result.status in FAILING
    ]
    assert results and not failing, "\n".join(failing)
    # Every resource type was exercised, not only discovery.
    checked = {result.resource_type for result in results if result.status == Status.SUCCESS}
    assert {"User", "Group"} <= checked
