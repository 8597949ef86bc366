"""gunicorn for the measuring scripts: started as production starts it, stopped after."""

import os
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def gunicorn(port, env=None):
    """gunicorn with the repository's gunicorn.conf.py on 127.0.0.1:port; yields its base URL."""
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            *("--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz/", timeout=1)  # exempt from the redirect
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
