"""Publish a built site to S3-compatible object storage with rclone. — see banma/cli/deploy.py (python scripts/deploy.py --help)."""
from _run import run

run("deploy")
