"""The network guard that the browser tests put around JupyterLab and every kernel it starts
(tests/browser/netguard): loopback passes; anything else is refused before a packet leaves,
and logged. The browser tests run every learner and instructor notebook under it, which is
the proof that executing the notebooks opens no connection beyond loopback."""

import json
import os
import subprocess
import sys

from unlocked.paths import ROOT

GUARD = ROOT / "tests" / "browser" / "netguard"
ATTEMPTS = """
import socket, urllib.request
for attempt in (lambda: socket.create_connection(("192.0.2.1", 9), timeout=0.1),
                lambda: socket.getaddrinfo("example.org", 443),
                lambda: urllib.request.urlopen("https://pypi.org", timeout=0.1)):
    try:
        attempt()
        print("allowed")
    except PermissionError:
        print("refused")
    except OSError as error:
        print("refused" if "network guard" in str(error) else f"other {error}")
server = socket.create_server(("127.0.0.1", 0))
socket.create_connection(server.getsockname()).close()
print("loopback")
"""


def test_the_guard_refuses_and_logs_everything_but_loopback(tmp_path):
    log = tmp_path / "net.log"
    env = os.environ | {"PYTHONPATH": str(GUARD), "UNLOCKED_NETLOG": str(log)}
    run = subprocess.run([sys.executable, "-c", ATTEMPTS], env=env, capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["refused", "refused", "refused", "loopback"], run.stdout + run.stderr
    hosts = [json.loads(line)["host"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert hosts == ["192.0.2.1", "example.org", "pypi.org"]


def test_a_kernel_started_under_the_guard_is_guarded(tmp_path):
    from jupyter_client.manager import start_new_kernel

    log = tmp_path / "net.log"
    env = os.environ | {"PYTHONPATH": str(GUARD), "UNLOCKED_NETLOG": str(log)}
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        reply = client.execute_interactive(
            "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 9), timeout=0.1)\n"
            "except PermissionError as e:\n    print('refused')", timeout=60, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert "192.0.2.1" in log.read_text(encoding="utf-8")
