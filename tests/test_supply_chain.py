"""Supply chain (issue 35): what the site runs and installs is pinned and checked.

- js-yaml is 4.1.1 or later (CVE-2025-64718 in 4.1.0), and the copy the editing page loads is the package's own file.
- Every Python lock (requirements*.txt) pins each package exactly with its sha256 hashes, is made from the pins of its
  requirements*.in, and scripts/setup.sh installs with --require-hashes, pip itself and the build backend included.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "docs/admin/vendor"
LOCKS = sorted(ROOT.glob("requirements*.txt"))


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_js_yaml_is_fixed_everywhere():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["js-yaml"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]["node_modules/js-yaml"]
    assert package == lock["version"] and version_tuple(package) >= (4, 1, 1), package
    vendored = sorted(VENDOR.glob("js-yaml-*"))
    assert [p.name for p in vendored] == [f"js-yaml-{package}.LICENSE", f"js-yaml-{package}.min.js"]
    assert f"js-yaml {package} " in (VENDOR / f"js-yaml-{package}.min.js").read_text(encoding="utf-8")[:80]
    template = (ROOT / "banma/pages/templates/admin.html").read_text(encoding="utf-8")
    assert re.findall(r"js-yaml-[\d.]+\.min\.js", template) == [f"js-yaml-{package}.min.js"]


def test_the_vendored_js_yaml_is_the_packages_file():
    installed = ROOT / "node_modules/js-yaml"
    if not installed.exists():
        pytest.fail("npm ci is needed to compare the vendored copy (scripts/setup.sh --test)")
    version = json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"]
    assert (VENDOR / f"js-yaml-{version}.min.js").read_bytes() == (installed / "dist/js-yaml.min.js").read_bytes()
    assert (VENDOR / f"js-yaml-{version}.LICENSE").read_bytes() == (installed / "LICENSE").read_bytes()


def locked(path: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (exact version, hashes) of a pip-compile lock; fails on a line without `==` or without a hash."""
    entries: dict[str, tuple[str, list[str]]] = {}
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    for line in text.splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        assert not line.startswith("-"), f"{path.name}: an option in a lock: {line}"
        spec, *options = line.split(" --hash=")
        requirement = Requirement(spec.strip())
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{path.name}: {spec} is not pinned exactly"
        hashes = [option.strip() for option in options]
        assert hashes and all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in hashes), f"{path.name}: {spec}"
        entries[canonicalize_name(requirement.name)] = (specifier.version, hashes)
    return entries


def pins_of(path: Path) -> dict[str, str]:
    """name -> version of a requirements*.in, following its `-r` includes."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins |= pins_of(path.parent / line[3:].strip())
        elif line:
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.name)
def test_every_lock_is_hashed_and_made_from_its_pins(lock):
    entries = locked(lock)
    source = lock.with_suffix(".in")
    assert source.is_file(), f"{lock.name} has no {source.name}"
    header = lock.read_text(encoding="utf-8").split("\n#\n")[1]  # pip-compile's: the command that made it
    assert "--generate-hashes" in header and header.rstrip().endswith(f" {source.name}"), header
    pins = pins_of(source)
    assert pins and {name: entries.get(name, ("missing",))[0] for name in pins} == pins


def test_a_lock_without_a_hash_is_caught(tmp_path):
    bad = tmp_path / "requirements.txt"
    bad.write_text("mkdocs==1.6.1 \\\n    --hash=sha256:" + "0" * 64 + "\nnh3==0.3.7\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="nh3"):
        locked(bad)


def test_pip_and_the_build_backend_are_pinned_with_hashes():
    bootstrap = locked(ROOT / "requirements-pip.txt")
    assert {"pip", "setuptools"} <= set(bootstrap)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'requires = ["setuptools=={bootstrap["setuptools"][0]}"]' in pyproject
    assert 'file = ["requirements.in"]' in pyproject  # setuptools reads the pins; it cannot read hashed lines


def test_setup_installs_with_hashes_only():
    script = (ROOT / "scripts/setup.sh").read_text(encoding="utf-8")
    installs = [line.strip() for line in script.splitlines() if "pip install" in line and not line.strip().startswith("#")]
    assert installs[0].endswith("--require-hashes -r requirements-pip.txt"), installs
    for line in installs:
        assert "--require-hashes" in line or ("--no-deps" in line and "--no-build-isolation" in line), line
    assert "--upgrade pip" not in script
