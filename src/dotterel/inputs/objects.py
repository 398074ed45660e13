"""Inputs on object storage (``s3://bucket/key``, and any other fsspec URL): listing, sizes
and stamps, and reading whole objects.

fsspec (and s3fs for S3) come with the ``cluster`` extra; they are imported only when a URL
is given, so local inputs need neither. The endpoint and credentials are the standard ones
(``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID`` ...), read by s3fs/botocore.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

URL_MARK = "://"
GLOB_CHARS = "*?["
NEEDS = "object storage needs fsspec and s3fs: pip install 'dotterel[cluster]'"


class ObjectStorageMissing(ImportError):
    """fsspec (or the filesystem for a URL's scheme) is not installed."""


def is_url(path: str) -> bool:
    """True for ``scheme://...`` (object storage), False for local paths and ``-``."""
    return URL_MARK in path and not path.startswith("file://")


def filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    """The fsspec filesystem for a URL and the path inside it (``bucket/key``)."""
    try:
        import fsspec
    except ImportError:
        raise ObjectStorageMissing(NEEDS) from None
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except ImportError as exc:
        raise ObjectStorageMissing(f"{NEEDS} ({exc})") from None
    return fs, str(path)


def to_url(fs: AbstractFileSystem, path: str) -> str:
    """A path inside a filesystem as a full URL again (``s3://bucket/key``)."""
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return f"{protocol}{URL_MARK}{path}"


def expand_url(pattern: str) -> list[str]:
    """The objects a URL names: a glob's matches, a prefix's objects, or the object itself."""
    fs, path = filesystem(pattern)
    if any(c in path for c in GLOB_CHARS):
        found = fs.glob(path)
    elif fs.isdir(path):
        found = fs.find(path)
    else:
        return [pattern]
    return [to_url(fs, p) for p in sorted(str(p) for p in found)]


@dataclass(frozen=True)
class ObjectInfo:
    """An object's size and a stamp that changes when it is rewritten (ETag, else mtime)."""

    size: int
    stamp: str


def object_info(url: str) -> ObjectInfo:
    """The size and stamp of one object (FileNotFoundError when there is none)."""
    fs, path = filesystem(url)
    info = fs.info(path)
    stamp = info.get("ETag") or info.get("LastModified") or info.get("mtime") or ""
    return ObjectInfo(int(info.get("size") or 0), str(stamp).strip('"'))


def read_object(url: str, limit: int) -> bytes:
    """An object's bytes, at most ``limit + 1`` (so a caller can tell it is too big)."""
    fs, path = filesystem(url)
    with fs.open(path, "rb") as fh:
        data: bytes = fh.read(limit + 1)
    return data
