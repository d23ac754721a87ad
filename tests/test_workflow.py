"""The GitHub Actions workflow: valid, least privilege, pinned, and running README's commands."""
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def load():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job):
    return load()["jobs"][job]["steps"]


def test_triggers_are_safe_for_pull_requests():
    data = load()
    assert "pull_request" in data["on"] and "pull_request_target" not in data["on"]
    assert data["on"]["push"]["branches"] == ["main"]


def test_least_privilege():
    data = load()
    assert data["permissions"] == {"contents": "read"}
    assert "permissions" not in data["jobs"]["check"]  # the job that runs pull-request code stays read-only
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert data["jobs"]["deploy"]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert not any("secrets." in str(step) for step in steps("check"))
    checkout = next(s for s in steps("check") if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False


def test_actions_are_pinned_to_commits():
    for job in load()["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert re.fullmatch(r"[\w-]+/[\w-]+(?:/[\w-]+)?@[0-9a-f]{40}", step["uses"]), step["uses"]


def test_no_expression_is_pasted_into_a_shell_script():
    for job in load()["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step["run"]


def test_runs_the_same_commands_as_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = "\n".join(step.get("run", "") for step in steps("check"))
    test_command = re.search(r"^bash scripts/test\.sh", readme, re.M)
    assert test_command and "bash scripts/test.sh" in runs
    assert "bash scripts/setup.sh --test" in runs
    assert "scripts/check_data.py --github" in runs
    assert "mkdocs build --strict" in runs
    assert "scripts/change_summary.py" in runs and "GITHUB_STEP_SUMMARY" in runs
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in steps("check"))
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in steps("deploy"))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci


def test_the_mainland_deploy_is_off_until_configured_and_publishes_with_the_deploy_script():
    job = load()["jobs"]["deploy-mainland-china"]
    assert job["needs"] == "check" and "refs/heads/main" in job["if"]
    assert job["environment"]["name"] == "mainland-china"
    publish = next(step for step in job["steps"] if "scripts/deploy.py site/" in step.get("run", ""))
    assert all("secrets." in publish["env"][name] for name in ("DEPLOY_S3_BUCKET", "DEPLOY_S3_SECRET_ACCESS_KEY"))
    first, *rest = job["steps"]
    assert first["id"] == "configured" and "SITE_URL" in first["run"]  # a variable (tests/test_workflow_security.py)
    configured = "steps.configured.outputs.ok == 'true'"  # nothing runs without secrets
    assert all(step["if"] == configured or step["if"].startswith(f"always() && {configured}") for step in rest)


def test_builds_keep_the_image_cache_where_the_build_keeps_it():
    """Both jobs that build restore this address's newest cards before building, from the folder the build uses
    (platformdirs' user cache on Linux), and save them after the build even when a later step fails, under a
    digest of what the cache holds (so a save happens when the drawings changed, never after an exact restore)."""
    from platformdirs import user_cache_path

    from banma.pages import cards
    assert cards.CACHE.parent == user_cache_path("banma-suhe")  # QR codes have no cache (banma/pages/qr.py)
    for job in ("check", "deploy-mainland-china"):
        names = [step.get("uses", step.get("run", "")) for step in steps(job)]
        build = next(i for i, name in enumerate(names) if "mkdocs build" in name)
        restore = next(i for i, name in enumerate(names) if name.startswith("actions/cache/restore@"))
        save = next(i for i, name in enumerate(names) if name.startswith("actions/cache/save@"))
        digest = next(i for i, step in enumerate(steps(job)) if step.get("id") == "drawn")
        assert restore < build < digest < save
        assert not any(name.startswith("actions/cache@") for name in names)  # its save runs only on success
        restored, saved = steps(job)[restore], steps(job)[save]
        assert restored["with"]["path"] == saved["with"]["path"] == "~/.cache/banma-suhe"
        assert restored["with"]["restore-keys"].strip() == "images-${{ env.SITE_URL }}-"  # cards show the host
        assert "github.sha" in restored["with"]["key"]  # never an exact hit: the newest cache is restored
        assert saved["with"]["key"] == "images-${{ env.SITE_URL }}-${{ steps.drawn.outputs.digest }}"
        assert saved["if"].startswith("always()") and steps(job)[digest]["if"].startswith("always()")
        assert "steps.images.outputs.cache-matched-key" in saved["if"]
