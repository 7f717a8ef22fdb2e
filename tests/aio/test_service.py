"""run_service: real signals to a real subprocess, and the shutdown sequence in-process."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from admf_tsan.aio import ServiceStatus, get_default_loop, run_service, run_sync

APP = Path(__file__).with_name("service_app.py")
WAIT = 20.0


class Service:
    """tests/aio/service_app.py running in a subprocess, its output read line by line."""

    def __init__(self, mode: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(APP), mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for_line(self, prefix: str) -> str:
        """Return the first line starting with ``prefix``, failing after WAIT seconds."""
        while True:
            try:
                line = self._queue.get(timeout=WAIT)
            except queue.Empty:
                self.process.kill()
                pytest.fail(f"no {prefix!r} line within {WAIT} s; output so far: {self.lines}")
            if line is None:
                pytest.fail(f"the service ended before printing {prefix!r}: {self.lines}")
            self.lines.append(line)
            if line.startswith(prefix):
                return line

    def finish(self) -> tuple[int, list[str]]:
        """Wait for the process to exit; return its exit code and every line it printed."""
        try:
            code = self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            pytest.fail(f"the service did not exit within {WAIT} s: {self.lines}")
        self._reader.join(WAIT)
        while (line := self._queue.get_nowait() if not self._queue.empty() else None) is not None:
            self.lines.append(line)
        return code, self.lines

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)


def run_until_signalled(mode: str, signum: int) -> tuple[int, list[str]]:
    """Start the service, wait for its "ready" line, send ``signum``, wait for the exit."""
    service = Service(mode)
    service.wait_for_line("ready")
    service.signal(signum)
    return service.finish()


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_cancels_main_drains_the_bus_cancels_tasks_and_exits_with_its_code(
    signum: signal.Signals, code: int
) -> None:
    service = Service("graceful")
    assert service.wait_for_line("bridge") == "bridge 5"
    service.wait_for_line("ready")
    service.signal(signum)
    exit_code, lines = service.finish()
    assert exit_code == code, lines
    assert "main cleanup: bus drained 100 events" in lines
    assert "worker cancelled" in lines
    name = signal.Signals(signum).name
    assert f"status=signalled code={code} signal={name} result=None" in lines
    assert lines.index("main cleanup: bus drained 100 events") < lines.index("worker cancelled")


@pytest.mark.timeout(60)
def test_a_task_that_ignores_cancellation_makes_an_unclean_exit_at_the_deadline() -> None:
    exit_code, lines = run_until_signalled("stubborn", signal.SIGTERM)
    assert exit_code == 124, lines
    assert "stubborn task refuses to stop" in lines
    assert "status=unclean code=124 signal=SIGTERM result=None" in lines
    assert any(line.startswith("unfinished task 'stubborn'") for line in lines)


@pytest.mark.timeout(60)
def test_a_stuck_executor_thread_is_reported_and_the_process_still_exits() -> None:
    exit_code, lines = run_until_signalled("stuck-thread", signal.SIGINT)
    assert exit_code == 124, lines
    assert "unfinished the default executor (threads not joined)" in lines


@pytest.mark.timeout(60)
def test_a_second_signal_cuts_the_shutdown_short() -> None:
    service = Service("force")  # a stubborn task and a 60 s deadline
    service.wait_for_line("ready")
    service.signal(signal.SIGTERM)
    service.wait_for_line("stubborn task refuses to stop")
    service.signal(signal.SIGINT)
    exit_code, lines = service.finish()
    assert exit_code == 124, lines
    assert any("abandoning the graceful shutdown" in line for line in lines)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("mode", "code", "status"),
    [
        ("complete", 0, "status=completed code=0 signal=None result=42"),
        ("fail", 1, "status=failed code=1 signal=None result=None"),
    ],
)
def test_without_a_signal_the_exit_code_says_how_main_ended(
    mode: str, code: int, status: str
) -> None:
    exit_code, lines = Service(mode).finish()
    assert exit_code == code and status in lines, lines
    if mode == "fail":
        assert "LookupError: no such instrument" in lines


# In-process: the same machinery without a subprocess (signals sent to this process).


@pytest.mark.timeout(60)
def test_in_process_sigterm_and_handlers_are_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    cleaned: list[str] = []

    async def main() -> None:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.Event().wait()
        finally:
            cleaned.append("main")

    result = run_service(main, shutdown_timeout=WAIT)
    assert (result.status, result.exit_code, result.signal) == (
        ServiceStatus.SIGNALLED,
        143,
        signal.SIGTERM,
    )
    assert cleaned == ["main"] and result.unfinished == ()
    assert signal.getsignal(signal.SIGTERM) is before
    assert get_default_loop() is None


@pytest.mark.timeout(60)
def test_leftover_tasks_are_cancelled_and_executors_joined_when_main_returns() -> None:
    executor = concurrent.futures.ThreadPoolExecutor(2)
    events: list[str] = []

    async def background() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            events.append("background cancelled")

    async def main() -> str:
        task = asyncio.get_running_loop().create_task(background())
        assert not task.done()
        await asyncio.get_running_loop().run_in_executor(executor, events.append, "job")
        return "done"

    result = run_service(main, executors=[executor], shutdown_timeout=WAIT)
    assert (result.status, result.result, result.exit_code) == (ServiceStatus.COMPLETED, "done", 0)
    assert events == ["job", "background cancelled"]
    with pytest.raises(RuntimeError, match="shutdown"):
        executor.submit(print)


@pytest.mark.timeout(60)
def test_threads_reach_the_service_loop_through_run_sync() -> None:
    async def double(n: int) -> int:
        return n * 2

    async def main() -> list[int]:
        loop = asyncio.get_running_loop()
        assert get_default_loop() is loop
        return await asyncio.to_thread(lambda: [run_sync(double(n)) for n in range(10)])

    result = run_service(main, signals=())
    assert result.result == [n * 2 for n in range(10)]


@pytest.mark.timeout(60)
def test_misuse_is_a_clear_error() -> None:
    async def idle() -> None:
        await asyncio.sleep(0)

    with pytest.raises(ValueError, match="shutdown_timeout"):
        run_service(idle, shutdown_timeout=0)
    with pytest.raises(TypeError, match="shutdown_timeout"):
        run_service(idle, shutdown_timeout="5")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="async function"):
        run_service(lambda: 42)  # type: ignore[arg-type, return-value]

    outcome: list[BaseException] = []

    def in_thread() -> None:
        try:
            run_service(asyncio.sleep(0))
        except RuntimeError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join(WAIT)
    assert "main thread" in str(outcome[0]) and "signals=()" in str(outcome[0])

    async def nested() -> None:
        coro = asyncio.sleep(0)
        try:
            run_service(coro, signals=())  # noqa: ADMF120 - refusing this call is the test
        finally:
            coro.close()

    with pytest.raises(RuntimeError, match="inside a running event loop"):
        asyncio.run(nested())
