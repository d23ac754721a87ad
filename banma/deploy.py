"""Publishing a built site to S3-compatible object storage (Aliyun OSS, Tencent COS, Huawei OBS, Qiniu …) with rclone.

Only a whole build is published: the folder must match the manifest its build wrote last (banma/manifest.py), and
what the manifest lists is what is uploaded. The order keeps the live site whole at every moment of an upload: new
and changed assets first (nothing published refers to them yet), then the search metadata and pages that refer to
them, then the sitemap and feeds; files the new build no longer has are deleted last, and never more than a set
share of the bucket unless the operator says so. Only files whose content changed are uploaded (MD5 against the
bucket's listing), each with its content type and cache header set here, not guessed by the storage. Afterwards
the bucket is listed again: every file must be there with its MD5 (or, where the storage gives none, its size).

rclone reads its file lists line by line: names are passed raw (--files-from-raw, so `#`, `;` and edge spaces are
kept), and names no line can carry (line breaks, other control characters, bytes that are not UTF-8) are refused.
Its errors are turned into what the operator must check (the key, the bucket's name, the endpoint's address).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
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
    "DEPLOY_RCLONE": "the rclone program to run (default: the one requirements-deploy.txt installs beside Python)",
}
DELETE_SHARE = 0.10  # a deploy deletes at most this share of the bucket's files unless told more (--max-delete)

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

# Why a file is uploaded or deleted, as the plan prints it.
NEW, CHANGED, UNKNOWN, DELETED = "新增 new", "修改 changed", "重传 re-upload (桶里没有 MD5 no MD5 on the bucket)", \
    "删除 deleted"
# rclone's time limits. A listing (the first thing a deploy does) is tried once, 10 s to connect and 10 s without
# a byte (rclone waits twice that for a response's headers): an endpoint that is down, unreachable or silent fails
# within 20 s (rclone's defaults retried a refused connection for about 220 s). Transfers get 60 s and retries.
LIST_ONCE = ("--contimeout", "10s", "--timeout", "10s", "--retries", "1", "--low-level-retries", "1")
TRANSFER = ("--contimeout", "10s", "--timeout", "60s", "--retries", "3", "--low-level-retries", "3")


@dataclass(frozen=True)
class Upload:
    path: str  # relative to the site folder, with /
    content_type: str
    cache_control: str
    phase: int  # 0 assets, 1 pages and search metadata, 2 sitemap and feeds
    reason: str = NEW  # NEW, CHANGED or UNKNOWN


@dataclass(frozen=True)
class Stored:
    """A file as the bucket lists it."""
    md5: str  # lowercase hex; "" when the storage gives none
    size: int


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
    local: dict[str, Stored]  # every file of the build, as the bucket must list it once published


def changes(site: Path, remote: dict[str, Stored], paths: Iterable[str]) -> Changes:
    """What publishing `paths` (the build's files, from its manifest) to a bucket holding `remote` takes."""
    local = {path: Stored(md5(site / path), (site / path).stat().st_size) for path in sorted(paths)}
    upload = []
    for path, file in local.items():
        stored = remote.get(path)
        if stored is None or stored.md5 != file.md5:
            reason = NEW if stored is None else CHANGED if stored.md5 else UNKNOWN
            upload.append(Upload(path, content_type(path), cache_control(path), phase(path), reason))
    upload.sort(key=lambda u: (u.phase, u.path))
    return Changes(upload, sorted(set(remote) - set(local)), len(local) - len(upload), local)


def delete_limit(option: str | None, stored: int) -> int:
    """How many files a deploy may delete from a bucket holding `stored`: `--max-delete` as a number ("61") or a
    share ("25%"), else DELETE_SHARE of the bucket (rounded down)."""
    if option is None:
        return math.floor(stored * DELETE_SHARE)
    text = option.strip()
    if text.endswith("%"):
        return math.floor(stored * float(text[:-1]) / 100)
    return int(text)


def refuse_deletions(count: int, stored: int, option: str | None) -> str | None:
    """Why the plan deletes too much (a half-built or wrong folder deletes live pages), or None."""
    limit = delete_limit(option, stored)
    if count <= limit:
        return None
    share = f"{count / stored:.0%}" if stored else "—"
    allowed = f"--max-delete {option}" if option is not None else f"{DELETE_SHARE:.0%}"
    return (f"这次发布要删除存储桶里 {count} 个文件（共 {stored} 个的 {share}），超过了上限 {allowed}（{limit} 个）："
            f"没有做任何改动。请先用 --dry-run 看清要删除的文件；如果确实要删除（例如下线了许多页面），"
            f"加上 --max-delete {count} 再运行。\n"
            f"This deploy would delete {count} of the bucket's {stored} files ({share}), more than the limit "
            f"{allowed} ({limit}): nothing was changed. Hint: check the list with --dry-run; if it is intended, run "
            f"again with --max-delete {count}.")


def unsafe_names(paths: Iterable[str]) -> list[str]:
    """Names rclone's file lists cannot carry, even raw (one name a line): line breaks and other control
    characters, and bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    return sorted(path for path in paths
                  if any(unicodedata.category(c) in ("Cc", "Cs") or c in "\u2028\u2029\x85" for c in path))


def refuse_names(paths: Iterable[str], on_bucket: bool = False) -> str | None:
    """Why these names (the build's, or stale ones on the bucket) cannot be handed to rclone, or None."""
    unsafe = unsafe_names(paths)
    if not unsafe:
        return None
    where, place = ("存储桶里", "on the bucket") if on_bucket else ("构建里", "in the build")
    fix, hint = ("从存储桶里手动删除它们", "delete them from the bucket by hand") if on_bucket else ("给它们改名", "rename them")
    names = "\n".join(f"  {json.dumps(path)}" for path in unsafe)
    return (f"{where}有 {len(unsafe)} 个文件名含换行、控制字符或非 UTF-8 字节，rclone 无法逐行传递：没有做任何改动。"
            f"请{fix}后再运行。\n"
            f"{len(unsafe)} file names {place} hold a line break, a control character or bytes that are not UTF-8, "
            f"which rclone's file lists cannot carry: nothing was changed. Hint: {hint}, then run again.\n{names}")


def refuse_local_build(site: Path) -> str | None:
    """Why a build must not be published (QR codes, posters, feeds and the sitemap would point at this machine)."""
    sitemap = site / "sitemap.xml"
    if not (site / "index.html").is_file():
        return f"{site} 不是构建好的网站（没有 index.html）。{site} is not a built site (no index.html)."
    if sitemap.is_file() and re.search(r"<loc>https?://(127\.0\.0\.1|localhost|\[::1\])", sitemap.read_text("utf-8")):
        return ("这个构建用的是本机 SITE_URL（二维码和站点地图指向 127.0.0.1），不能发布：设置 SITE_URL 后重新构建。 "
                "This build used the local SITE_URL; set SITE_URL and build again.")
    return None


def unpublished(changes: Changes, remote: dict[str, Stored]) -> list[str]:
    """After a deploy: each planned file the bucket lacks or holds with other content, each stale file still
    there. A file is compared by MD5 when the bucket gives one, else by size."""
    problems = []
    for path, file in changes.local.items():
        stored = remote.get(path)
        if stored is None:
            problems.append(f"缺少 missing: {json.dumps(path, ensure_ascii=False)}")
        elif (stored.md5 and stored.md5 != file.md5) or stored.size != file.size:
            problems.append(f"内容不符 different: {json.dumps(path, ensure_ascii=False)} "
                            f"(MD5 {stored.md5 or '—'} ≠ {file.md5}; {stored.size} ≠ {file.size} bytes)")
    problems += [f"未删除 not deleted: {json.dumps(path, ensure_ascii=False)}" for path in changes.delete
                 if path in remote]
    return problems


class DeployError(SystemExit):
    """A failure the operator can act on: the message says what to check, Chinese first."""


def _last_line(stderr: str) -> str:
    lines = [re.sub(r"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d (NOTICE|ERROR|CRITICAL|INFO) ?: ?", "", line).strip()
             for line in stderr.strip().splitlines()]
    lines = [line for line in lines if line]
    return (lines[-1] if lines else "")[:400]


_UNREACHABLE = re.compile(r"connection refused|no such host|i/o timeout|dial tcp|deadline exceeded|unreachable|"
                          r"connection reset|tls:|x509|certificate|server misbehaving|request send failed", re.I)
_KEY = re.compile(r"InvalidAccessKeyId|SignatureDoesNotMatch|AccessDenied|StatusCode: 403|Forbidden", re.I)
_BUCKET = re.compile(r"NoSuchBucket|directory not found|StatusCode: 404|bucket.*not exist", re.I)
_REGION = re.compile(r"PermanentRedirect|AuthorizationHeaderMalformed|IllegalLocationConstraint|StatusCode: 301", re.I)


def explain(operation: str, stderr: str, endpoint: str, bucket: str) -> str:
    """rclone's failure as what the operator must check, Chinese first, then English; rclone's own last line after."""
    if _KEY.search(stderr):
        message = (f"存储服务 {endpoint} 拒绝了访问密钥：请检查 DEPLOY_S3_ACCESS_KEY_ID 和 DEPLOY_S3_SECRET_ACCESS_KEY "
                   f"是否抄对、是否已停用，以及这对密钥有没有读写存储桶 {bucket} 的权限。\n"
                   f"The endpoint {endpoint} refused the key pair. Hint: check DEPLOY_S3_ACCESS_KEY_ID and "
                   f"DEPLOY_S3_SECRET_ACCESS_KEY (copied whole? still active?) and that the key may read and write "
                   f"bucket {bucket}.")
    elif _REGION.search(stderr):
        message = (f"存储桶 {bucket} 不在服务地址 {endpoint} 所在的区域：请检查 DEPLOY_S3_ENDPOINT 和 DEPLOY_S3_REGION "
                   f"是否与控制台里存储桶的区域一致。\n"
                   f"Bucket {bucket} is not in the region of {endpoint}. Hint: set DEPLOY_S3_ENDPOINT and "
                   f"DEPLOY_S3_REGION to the bucket's region as the console shows it.")
    elif _BUCKET.search(stderr):
        message = (f"服务地址 {endpoint} 上没有名为 {bucket} 的存储桶：请检查 DEPLOY_S3_BUCKET 是否与控制台里的名字"
                   f"完全一致，以及存储桶是否建在 DEPLOY_S3_ENDPOINT 这个区域。\n"
                   f"No bucket named {bucket} at {endpoint}. Hint: check DEPLOY_S3_BUCKET against the name in the "
                   f"console, and that the bucket is in the region of DEPLOY_S3_ENDPOINT.")
    elif _UNREACHABLE.search(stderr):
        message = (f"连不上存储服务地址 {endpoint}（或它没有回应）：请检查 DEPLOY_S3_ENDPOINT 是否写对（https://、域名、"
                   f"区域），以及这台机器能否访问它（网络、防火墙、代理）。\n"
                   f"Cannot reach the storage endpoint {endpoint} (or it does not answer). Hint: check "
                   f"DEPLOY_S3_ENDPOINT (https://, host name, region) and that this machine can reach it (network, "
                   f"firewall, proxy).")
    else:
        message = (f"rclone {operation} 没有成功（服务地址 {endpoint}，存储桶 {bucket}）：见下面 rclone 的原话；"
                   f"重新运行只会补上没完成的部分。\n"
                   f"rclone {operation} failed (endpoint {endpoint}, bucket {bucket}): see rclone's words below. "
                   f"Hint: running the deploy again finishes what is left.")
    return f"{message}\nrclone {operation}: {_last_line(stderr)}"


class Rclone:
    """rclone against the bucket, configured from the environment only: no config file, no keys on disk."""

    def __init__(self, env: dict[str, str], binary: str = "rclone", run: Callable = subprocess.run):
        missing = [name for name in SETTINGS if not env.get(name)]
        if missing:
            raise DeployError("缺少设置（环境变量）：" + "、".join(missing) + "。请按 README 的“发布”一节设置。\n"
                              "Missing settings (environment variables): " + ", ".join(missing) +
                              ". Hint: see README, Publishing.")
        prefix = env.get("DEPLOY_S3_PREFIX", "").strip("/")
        self.endpoint, self.bucket = env["DEPLOY_S3_ENDPOINT"], env["DEPLOY_S3_BUCKET"]
        self.target = f"{REMOTE}:{self.bucket}" + (f"/{prefix}" if prefix else "")
        name = REMOTE.upper()
        self.env = {**os.environ, f"RCLONE_CONFIG_{name}_TYPE": "s3",
                    f"RCLONE_CONFIG_{name}_PROVIDER": env.get("DEPLOY_S3_PROVIDER") or "Other",
                    f"RCLONE_CONFIG_{name}_ENDPOINT": self.endpoint,
                    f"RCLONE_CONFIG_{name}_ACCESS_KEY_ID": env["DEPLOY_S3_ACCESS_KEY_ID"],
                    f"RCLONE_CONFIG_{name}_SECRET_ACCESS_KEY": env["DEPLOY_S3_SECRET_ACCESS_KEY"],
                    f"RCLONE_CONFIG_{name}_FORCE_PATH_STYLE": "true", "RCLONE_CONFIG": os.devnull}
        if env.get("DEPLOY_S3_REGION"):
            self.env[f"RCLONE_CONFIG_{name}_REGION"] = env["DEPLOY_S3_REGION"]
        self.binary, self.run = binary, run

    def __call__(self, *arguments: str) -> str:
        result = self.run([self.binary, *arguments], env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            raise DeployError(explain(arguments[0], result.stderr, self.endpoint, self.bucket))
        return result.stdout

    def listing(self) -> dict[str, Stored]:
        """Every file on the bucket (under the prefix): path -> MD5 and size. Tried once: see LIST_ONCE."""
        text = self("lsjson", "--recursive", "--files-only", "--hash", "--no-modtime", "--no-mimetype",
                    "--fast-list", *LIST_ONCE, self.target)
        entries = json.loads(text or "[]")
        return {e["Path"]: Stored(((e.get("Hashes") or {}).get("md5") or "").lower(), int(e.get("Size", -1)))
                for e in entries}

    def upload(self, site: Path, uploads: list[Upload], folder: Path) -> None:
        """One rclone copy per set of headers, in the order given (each set's files are listed in a file)."""
        groups: dict[tuple, list[str]] = {}
        for u in uploads:
            groups.setdefault((u.phase, u.content_type, u.cache_control), []).append(u.path)
        for number, ((_, kind, cache), paths) in enumerate(groups.items()):
            listed = _raw_list(folder / f"files-{number}.txt", paths)
            self("copy", str(site), self.target, "--files-from-raw", str(listed), "--no-traverse", "--checksum",
                 "--header-upload", f"Content-Type: {kind}", "--header-upload", f"Cache-Control: {cache}",
                 *TRANSFER)

    def delete(self, paths: list[str], folder: Path) -> None:
        if paths:
            listed = _raw_list(folder / "stale.txt", paths)
            self("delete", self.target, "--files-from-raw", str(listed), *TRANSFER)


def _raw_list(file: Path, paths: list[str]) -> Path:
    """A list for --files-from-raw: one name a line, exactly as it is (unsafe_names keeps out what cannot be)."""
    file.write_bytes("".join(path + "\n" for path in paths).encode("utf-8"))
    return file
