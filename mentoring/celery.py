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
def _folders(sender, **kwargs):
    # The filesystem transport and beat's schedule write there but do not create the folders.
    options = sender.conf.broker_transport_options or {}
    keys = ("data_folder_in", "data_folder_out", "control_folder")
    folders = [options[key] for key in keys if key in options]
    folders.append(Path(sender.conf.beat_schedule_filename).parent)
    for folder in folders:
        Path(folder).mkdir(parents=True, exist_ok=True)
