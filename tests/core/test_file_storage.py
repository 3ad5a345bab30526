"""Where uploaded files live: the local file system under var/ by default, an S3-compatible bucket when set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from tests.support import BASE_DIR

SHOW_STORAGE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({
    "class": f"{type(storage).__module__}.{type(storage).__name__}",
    "location": str(getattr(storage, "location", "")),
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "overwrite": getattr(storage, "file_overwrite", None),
    "acl": getattr(storage, "default_acl", None),
    "media_root": str(settings.MEDIA_ROOT),
}))
"""


def _storage(extra_env: dict[str, str]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDIA_", "AWS_"))} | extra_env
    env["DJANGO_SETTINGS_MODULE"] = "carers_portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", SHOW_STORAGE], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_uploads_go_to_the_local_file_system_under_var_by_default() -> None:
    storage = _storage({})

    assert storage["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert storage["location"] == str(BASE_DIR / "var" / "media")


def test_uploads_go_to_an_s3_compatible_bucket_when_one_is_configured() -> None:
    storage = _storage(
        {
            "MEDIA_S3_BUCKET": "kcp-documents",
            "MEDIA_S3_ENDPOINT_URL": "https://s3.example.invalid",
            "MEDIA_S3_ACCESS_KEY_ID": "key-id",
            "MEDIA_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
        }
    )

    assert storage["class"] == "storages.backends.s3.S3Storage"
    assert storage["bucket"] == "kcp-documents"
    assert storage["endpoint"] == "https://s3.example.invalid"
    assert storage["location"] == "media"
    assert storage["overwrite"] is False  # a new upload never replaces a published document's file
    assert storage["acl"] == "private"  # only the portal's view hands documents out
