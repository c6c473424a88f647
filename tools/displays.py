"""Real display servers for the tests and the frozen smoke test (stdlib only).

``xvfb()`` starts an X server (Xvfb) on a free display number; ``weston()`` starts a headless
Wayland compositor on a private socket. Both are started by the process that needs them and
stopped when it is done; ``tools/sysdeps.py --ensure xvfb weston`` installs them. When one
cannot start, ``DisplayUnavailable`` says why in one line: callers fail on it, never skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class DisplayUnavailable(RuntimeError):
    """A display server is not installed or did not start."""


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def xvfb(width: int = 1280, height: int = 800) -> Iterator[dict[str, str]]:
    """An Xvfb server; yields what a client's environment needs (``DISPLAY`` and
    ``QT_QPA_PLATFORM=xcb``)."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise DisplayUnavailable("Xvfb is not installed (tools/sysdeps.py --ensure xvfb "
                                 "installs it; make test and make smoke-frozen run that)")
    read, write = os.pipe()
    process = subprocess.Popen(
        [binary, "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp", "-noreset"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write)
    try:
        number = _read_display_number(read, process)
        yield {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        os.close(read)
        _stop(process)
        if process.stderr is not None:
            process.stderr.close()


def _read_display_number(read: int, process: subprocess.Popen[bytes]) -> str:
    """Xvfb writes its display number to the pipe once it accepts clients."""
    os.set_blocking(read, False)
    deadline = time.monotonic() + 30
    text = b""
    while time.monotonic() < deadline:
        try:
            chunk = os.read(read, 64)
        except BlockingIOError:
            chunk = b""
        text += chunk
        if text.endswith(b"\n"):
            return text.decode().strip()
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise DisplayUnavailable("Xvfb exited at start: " + " ".join(err.split())[-300:])
        time.sleep(0.02)
    raise DisplayUnavailable("Xvfb did not accept clients within 30 s")


@contextmanager
def weston() -> Iterator[dict[str, str]]:
    """A headless Weston compositor; yields ``WAYLAND_DISPLAY``, ``XDG_RUNTIME_DIR`` and
    ``QT_QPA_PLATFORM=wayland`` for a client."""
    binary = shutil.which("weston")
    if binary is None:
        raise DisplayUnavailable("weston is not installed (tools/sysdeps.py --ensure weston "
                                 "installs it; make smoke-frozen runs that)")
    runtime = Path(tempfile.mkdtemp(prefix="aibri-wayland-"))
    runtime.chmod(0o700)
    socket = runtime / "wayland-aibri"
    log = runtime / "weston.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "--backend=headless-backend.so", f"--socket={socket.name}",
             "--idle-time=0", "--width=1280", "--height=800"],
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)}, stdout=out,
            stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not socket.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                tail = " ".join(log.read_text(errors="replace").split())[-300:]
                raise DisplayUnavailable(f"weston did not start: {tail}")
            time.sleep(0.05)
        yield {"WAYLAND_DISPLAY": socket.name, "XDG_RUNTIME_DIR": str(runtime),
               "QT_QPA_PLATFORM": "wayland"}
    finally:
        _stop(process)
        shutil.rmtree(runtime, ignore_errors=True)
