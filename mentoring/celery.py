"""The Celery application: tasks are discovered in each app's tasks.py.

Without CELERY_BROKER_URL (or REDIS_URL) the settings make every task run eagerly in the
calling process, so the embedded default needs no broker and no worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

app = Celery("mentoring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
