"""SCIM 2.0 provisioning at /scim/v2/ (django-scim2 serves the protocol; this module says
what it means here): Entra ID or Okta create, update and deactivate people, and keep the
group whose members are coordinators.

- A superuser's SCIM token (accounts.api_tokens, scope "scim") is the only way in; each
  request is in the security log.
- People sign in with the organisation's single sign-on: a password sent is ignored.
- Deactivating someone (active false, or DELETE) keeps their account and history: they
  cannot sign in any more, and they follow the HR directory's leavers path (their pairs'
  coordinators are told, they leave the waiting lists). DELETE also hides them from SCIM.
- Members of the group named SCIM_COORDINATORS_GROUP are coordinators; taken out of it,
  participants again. Each change of rights is in the security log.
"""
