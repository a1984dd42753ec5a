"""Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, ...) through boto3: shared by
every app server, so any worker on any host can serve any file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import BinaryIO

from stedskaping.storage import check_key

# A store that does not answer must not hold a worker long (docs/deploy.md).
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 20


class S3Storage:
    def __init__(self, bucket: str, *, endpoint_url: str | None = None,
                 region: str | None = None, access_key_id: str | None = None,
                 secret_access_key: str | None = None, prefix: str = "",
                 addressing_style: str = "auto"):
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._settings = {"endpoint_url": endpoint_url, "region_name": region,
                          "aws_access_key_id": access_key_id,
                          "aws_secret_access_key": secret_access_key}
        self._addressing_style = addressing_style
        self._client = None
        self._lock = threading.Lock()

    @property
    def client(self):
        # Made on first use, in the worker process (not before gunicorn forks); boto3
        # clients are safe to share between threads.
        if self._client is None:
            with self._lock:
                if self._client is None:
                    import boto3
                    from botocore.config import Config

                    config = Config(connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT,
                                    retries={"max_attempts": 3, "mode": "standard"},
                                    s3={"addressing_style": self._addressing_style})
                    self._client = boto3.session.Session().client(
                        "s3", config=config,
                        **{k: v for k, v in self._settings.items() if v})
        return self._client

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def save(self, key: str, data: bytes | BinaryIO, content_type: str | None = None) -> None:
        extra = {"ContentType": content_type} if content_type else {}
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data, **extra)

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            reply = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from error
            raise
        return reply["Body"]  # streamed from the store as it is read

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise
        return True

    def keys(self, prefix: str = "") -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + prefix)
        for page in pages:
            for item in page.get("Contents", ()):
                yield item["Key"][len(self.prefix):]
