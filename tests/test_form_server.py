"""The local form server (scripts/form_server.sh, issue 35): decap-server answers on 127.0.0.1 and refuses
connections to every other address of this machine, even when the caller's environment asks it to bind elsewhere.

decap-server has no login and writes into the checkout: listening on a network address would let anyone on the
network write files (a `.git/hooks/pre-commit` was written that way with `npx decap-server`).
"""
from __future__ import annotations

import ipaddress
import json
import os
import socket
import subprocess
import time
import urllib.request

import pytest
from sitebuild import ROOT, free_port

FORM_SERVER = ROOT / "scripts/form_server.sh"
DECAP_SERVER = ROOT / "node_modules/decap-server/dist/index.js"
pytestmark = pytest.mark.slow


def other_addresses() -> list[str]:
    """This machine's own addresses that are not loopback (`hostname -I`), IPv4 and IPv6."""
    try:
        listed = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=10).stdout.split()
    except (OSError, subprocess.SubprocessError):
        listed = []
    addresses = []
    for text in listed:
        try:
            address = ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            continue
        if not address.is_loopback and not address.is_link_local:
            addresses.append(str(address))
    return addresses


def connects(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.settimeout(3)
        return probe.connect_ex((host, port)) == 0


def wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the form server stopped: {process.stdout.read()}")
        if connects("127.0.0.1", port):
            return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


@pytest.fixture
def form_server(tmp_path):
    if not DECAP_SERVER.exists():
        pytest.fail("decap-server is missing: npm ci (scripts/setup.sh --test)")
    port = free_port()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "note.yaml").write_text("name: 测试\n", encoding="utf-8")
    # A caller (or a .env file) asking for every interface: the script binds to 127.0.0.1 all the same.
    (tmp_path / ".env").write_text("BIND_HOST=0.0.0.0\n", encoding="utf-8")
    env = {**os.environ, "SITE_CMS_LOCAL_PORT": str(port), "GIT_REPO_DIRECTORY": str(tmp_path),
           "BIND_HOST": "0.0.0.0", "LOG_LEVEL": "warn"}
    process = subprocess.Popen(["bash", str(FORM_SERVER)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(port, process)
        yield port, tmp_path
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_form_server_answers_on_loopback(form_server):
    port, folder = form_server
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", method="POST",
                                     data=json.dumps({"action": "info"}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        info = json.load(response)
    assert info["type"] == "local_fs" and info["repo"] == folder.name, info  # the folder it was given


def test_the_form_server_refuses_other_addresses_of_this_machine(form_server):
    port, _ = form_server
    addresses = other_addresses()
    if not addresses:
        pytest.skip("this machine has no address but loopback (hostname -I lists none): nothing to connect from")
    for address in addresses:
        # The address is reachable here: a listener on every interface answers on it (so a refusal below is the
        # form server's binding, not an unreachable address).
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as control:
            control.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", 0))
            control.listen()
            assert connects(address, control.getsockname()[1]), address
        assert not connects(address, port), f"the form server answers on {address}:{port}"


def test_the_script_refuses_a_bad_port():
    result = subprocess.run(["bash", str(FORM_SERVER)], env={**os.environ, "SITE_CMS_LOCAL_PORT": "80; rm"},
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "SITE_CMS_LOCAL_PORT" in result.stderr
