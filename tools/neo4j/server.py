"""Start and stop the committed Neo4j launcher (tools/neo4j/run) from Python.

The test suite (tests/conftest.py) and the load benchmark use it; `make neo4j` runs the launcher
directly. The launcher prints one `export NAME=value …` line once Bolt answers, and stops when
its standard input closes.
"""
from __future__ import annotations

import shlex
import shutil
import subprocess
import threading
from pathlib import Path

RUN = Path(__file__).resolve().parent / "run"
START_TIMEOUT = 900  # seconds: the first start builds the launcher and fetches Neo4j (~180 MB)
STOP_TIMEOUT = 60


class Neo4jServer:
    """One launcher process; `start()` returns its settings (NEO4J_URI, NEO4J_PASSWORD, …)."""

    def __init__(self, log: Path, home: Path | None = None):
        self.log = log
        self.home = home
        self.settings: dict[str, str] = {}
        self._process: subprocess.Popen | None = None

    def start(self) -> dict[str, str]:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        args = [str(RUN), *(["--home", str(self.home)] if self.home else [])]
        with open(self.log, "w", encoding="utf-8") as log:
            self._process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=log, text=True)
        line = self._first_line(START_TIMEOUT)
        if not line.startswith("export "):
            self.stop()
            raise RuntimeError(f"the Neo4j launcher did not start ({RUN}); its log, "
                               f"{self.log}, ends: {self.log_tail()}")
        self.settings = dict(item.split("=", 1) for item in shlex.split(line)[1:])
        return self.settings

    def _first_line(self, timeout: float) -> str:
        assert self._process is not None and self._process.stdout is not None
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(self._process.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(timeout)
        return lines[0].strip() if lines else ""

    def keep_logs(self, folder: Path) -> list[Path]:
        """Copy the launcher's log and Neo4j's own logs into `folder` (call before stop)."""
        folder.mkdir(parents=True, exist_ok=True)
        logs = [self.log]
        if self.settings.get("NEO4J_HOME"):
            logs += sorted((Path(self.settings["NEO4J_HOME"]) / "logs").glob("*.log"))
        for log in logs:
            if log.is_file():
                shutil.copy(log, folder / log.name)
        return [folder / log.name for log in logs if log.is_file()]

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Close the launcher's standard input (it shuts Neo4j down), then wait for it."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process.stdout:
            process.stdout.close()

    def __enter__(self) -> Neo4jServer:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
