"""The filters SCIM clients send (`displayName eq "…"`), as columns of the groups' table.
Apart from the adapters: django-scim2 reads these while importing its adapters."""

from django_scim.filters import GroupFilterQuery


class GroupFilter(GroupFilterQuery):
    attr_map = {("displayName", None, None): "name", ("externalId", None, None): "scim_external_id"}
