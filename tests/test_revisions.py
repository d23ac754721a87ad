"""Last-changed dates from git history, used for the sitemap's lastmod."""
import os
import subprocess

from banma.revisions import last_changed, newest_under


def commit(repo, files: dict[str, str], date: str):
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{date}T12:00:00", "GIT_COMMITTER_DATE": f"{date}T12:00:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", date], cwd=repo, check=True, env=env)


def test_each_file_gets_the_date_of_its_newest_commit(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    commit(tmp_path, {"data/a.yaml": "1", "data/b.yaml": "1", "docs/x.md": "1"}, "2024-01-02")
    commit(tmp_path, {"data/a.yaml": "2"}, "2024-03-04")
    commit(tmp_path, {"docs/x.md": "2"}, "2024-05-06")
    dates = last_changed(tmp_path)
    assert dates["data/a.yaml"] == "2024-03-04"
    assert dates["data/b.yaml"] == "2024-01-02"
    assert dates["docs/x.md"] == "2024-05-06"
    assert newest_under(dates, "data") == "2024-03-04"


def test_outside_git_there_are_no_dates(tmp_path):
    assert last_changed(tmp_path / "nowhere") == {}
