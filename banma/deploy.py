"""Publishing a built site to S3-compatible object storage (Aliyun OSS, Tencent COS, Huawei OBS, Qiniu …) with rclone.

The order keeps the live site whole at every moment of an upload: new and changed assets first (nothing published
refers to them yet), then the search metadata and pages that refer to them, then the sitemap and feeds; files the
new build no longer has are deleted last. Only files whose content changed are uploaded (MD5 against the bucket's
listing). Each file gets its content type and cache header here, not from the storage's guess.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REMOTE = "banmadeploy"  # the rclone remote, configured from the environment only (RCLONE_CONFIG_<NAME>_*)
SETTINGS = {  # environment variable -> what it is (README lists them; CI takes them from secrets)
    "DEPLOY_S3_ENDPOINT": "服务地址 endpoint, e.g. https://oss-cn-shanghai.aliyuncs.com",
    "DEPLOY_S3_BUCKET": "存储桶 bucket name",
    "DEPLOY_S3_ACCESS_KEY_ID": "访问密钥 ID access key id",
    "DEPLOY_S3_SECRET_ACCESS_KEY": "访问密钥 secret access key",
}
OPTIONAL = {
    "DEPLOY_S3_PROVIDER": "rclone's provider preset: Alibaba, TencentCOS, HuaweiOBS, Qiniu, Other (default Other)",
    "DEPLOY_S3_REGION": "区域 region, when the provider needs one",
    "DEPLOY_S3_PREFIX": "a folder inside the bucket (default: the bucket's root)",
}

TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8", ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".yml": "text/yaml; charset=utf-8",
    ".yaml": "text/yaml; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".webp": "image/webp", ".ico": "image/x-icon", ".gif": "image/gif",
    ".woff2": "font/woff2", ".woff": "font/woff", ".wasm": "application/wasm", ".map": "application/json; charset=utf-8",
    ".pdf": "application/pdf", ".gz": "application/gzip", ".license": "text/plain; charset=utf-8",
    ".geojson": "application/geo+json; charset=utf-8",
}
FEEDS = {"feed.xml": "application/atom+xml; charset=utf-8", "rss.xml": "application/rss+xml; charset=utf-8"}
LAST = ("sitemap.xml", "sitemap.xml.gz", "feed.xml", "rss.xml", "robots.txt")  # they announce the new pages
FINGERPRINT = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css|map)$")  # Material's bundle.a5f9d56c.min.js …
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # kept, but checked with the server each time (ETag): pages, search, feeds, downloads
SHORT = "public, max-age=3600"  # our own assets without a hash in the name: an hour


@dataclass(frozen=True)
class Upload:
    path: str  # relative to the site folder, with /
    content_type: str
    cache_control: str
    phase: int  # 0 assets, 1 pages and search metadata, 2 sitemap and feeds


def content_type(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return FEEDS.get(name) or TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def cache_control(path: str) -> str:
    if FINGERPRINT.search(path):
        return IMMUTABLE
    if path.endswith((".html", ".xml", ".txt", ".webmanifest")) or path.startswith(("search/", "downloads/")):
        return REVALIDATE
    return SHORT


def phase(path: str) -> int:
    if path in LAST:
        return 2
    if path.endswith(".html") or path in ("search/hm/meta.json", "search/hm/q.json"):
        return 1  # meta.json names the shards (uploaded before it), pages name every asset
    return 0


def plan(site: Path) -> dict[str, Upload]:
    files = {}
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        path = file.relative_to(site).as_posix()
        files[path] = Upload(path, content_type(path), cache_control(path), phase(path))
    return files


def md5(file: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with file.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Changes:
    upload: list[Upload]  # new or changed, in publishing order
    delete: list[str]  # on the bucket, not in the build
    unchanged: int


def changes(site: Path, remote: dict[str, str]) -> Changes:
    """remote: path -> MD5 on the bucket (lowercase hex; "" when the bucket gives none: uploaded again)."""
    local = plan(site)
    upload = [u for path, u in local.items() if remote.get(path) != md5(site / path)]
    upload.sort(key=lambda u: (u.phase, u.path))
    return Changes(upload, sorted(set(remote) - set(local)), len(local) - len(upload))


def refuse_local_build(site: Path) -> str | None:
    """Why a build must not be published (QR codes, posters, feeds and the sitemap would point at this machine)."""
    sitemap = site / "sitemap.xml"
    if not (site / "index.html").is_file():
        return f"{site} 不是构建好的网站（没有 index.html）。{site} is not a built site (no index.html)."
    if sitemap.is_file() and re.search(r"<loc>https?://(127\.0\.0\.1|localhost|\[::1\])", sitemap.read_text("utf-8")):
        return ("这个构建用的是本机 SITE_URL（二维码和站点地图指向 127.0.0.1），不能发布：设置 SITE_URL 后重新构建。 "
                "This build used the local SITE_URL; set SITE_URL and build again.")
    return None


class Rclone:
    """rclone against the bucket, configured from the environment only: no config file, no keys on disk."""

    def __init__(self, env: dict[str, str], binary: str = "rclone", run: Callable = subprocess.run):
        missing = [name for name in SETTINGS if not env.get(name)]
        if missing:
            raise SystemExit("缺少设置 Missing settings: " + ", ".join(missing))
        prefix = env.get("DEPLOY_S3_PREFIX", "").strip("/")
        self.target = f"{REMOTE}:{env['DEPLOY_S3_BUCKET']}" + (f"/{prefix}" if prefix else "")
        name = REMOTE.upper()
        self.env = {**os.environ, f"RCLONE_CONFIG_{name}_TYPE": "s3",
                    f"RCLONE_CONFIG_{name}_PROVIDER": env.get("DEPLOY_S3_PROVIDER") or "Other",
                    f"RCLONE_CONFIG_{name}_ENDPOINT": env["DEPLOY_S3_ENDPOINT"],
                    f"RCLONE_CONFIG_{name}_ACCESS_KEY_ID": env["DEPLOY_S3_ACCESS_KEY_ID"],
                    f"RCLONE_CONFIG_{name}_SECRET_ACCESS_KEY": env["DEPLOY_S3_SECRET_ACCESS_KEY"],
                    f"RCLONE_CONFIG_{name}_FORCE_PATH_STYLE": "true", "RCLONE_CONFIG": os.devnull}
        if env.get("DEPLOY_S3_REGION"):
            self.env[f"RCLONE_CONFIG_{name}_REGION"] = env["DEPLOY_S3_REGION"]
        self.binary, self.run = binary, run

    def __call__(self, *arguments: str) -> str:
        result = self.run([self.binary, *arguments], env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"rclone {arguments[0]} 失败 failed:\n{result.stderr.strip()}")
        return result.stdout

    def listing(self) -> dict[str, str]:
        entries = json.loads(self("lsjson", "--recursive", "--files-only", "--hash", self.target) or "[]")
        return {e["Path"]: (e.get("Hashes") or {}).get("md5", "") for e in entries}

    def upload(self, site: Path, uploads: list[Upload], folder: Path) -> None:
        """One rclone copy per set of headers, in the order given (each set's files are listed in a file)."""
        groups: dict[tuple, list[str]] = {}
        for u in uploads:
            groups.setdefault((u.phase, u.content_type, u.cache_control), []).append(u.path)
        for number, ((_, kind, cache), paths) in enumerate(groups.items()):
            listed = folder / f"files-{number}.txt"
            listed.write_text("\n".join(paths) + "\n", encoding="utf-8")
            self("copy", str(site), self.target, "--files-from", str(listed), "--no-traverse", "--checksum",
                 "--header-upload", f"Content-Type: {kind}", "--header-upload", f"Cache-Control: {cache}")

    def delete(self, paths: list[str], folder: Path) -> None:
        if paths:
            listed = folder / "stale.txt"
            listed.write_text("\n".join(paths) + "\n", encoding="utf-8")
            self("delete", self.target, "--files-from", str(listed))
