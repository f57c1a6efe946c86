"""The Celery application: tasks are discovered in each app's tasks.py.

On the embedded default the broker is a folder of messages (kombu's filesystem transport),
so `make run` starts a real worker and beat with no server to install; production points
CELERY_BROKER_URL (or REDIS_URL) at Redis.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

app = Celery("mentoring")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _broker_folders(sender, **kwargs):
    # The filesystem transport reads and writes these folders but does not create them.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)
