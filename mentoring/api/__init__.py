"""The REST API (Django REST Framework, OpenAPI 3 schema by drf-spectacular): what an HR
system or a reporting tool reads and adds, as the coordinator whose token it uses."""
