"""scripts/serve says when its address is taken, before it installs or migrates."""

import os
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_serve_refuses_a_taken_port_before_doing_any_work():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = subprocess.run(
            [str(ROOT / "scripts" / "serve")],
            env={**os.environ, "PORTAL_ADDRESS": f"127.0.0.1:{port}", "PYTHON": "python3"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"127.0.0.1:{port} is already in use" in result.stderr
    assert "PORTAL_ADDRESS=127.0.0.1:" in result.stderr  # and where it could serve instead
    # Nothing was installed, migrated or loaded: it stopped at once.
    assert time.monotonic() - started < 10
    assert "migrat" not in result.stdout + result.stderr
