"""Blocking detector: blocking calls on an event-loop thread, and what is not one."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import queue
import select
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from admf_tsan.runtime import BlockingCallError, CheckReport, checking

pytestmark = pytest.mark.timeout(60)


def sleepy_helper() -> None:
    time.sleep(0.001)


def run_report_mode(coro_fn: object, **options: object) -> CheckReport:
    with checking(raise_on_violation=False, watchdog=False, **options) as report:  # type: ignore[arg-type]
        asyncio.run(coro_fn())  # type: ignore[operator]
    return report


def test_sleep_through_a_helper_raises_with_the_coroutine_stack() -> None:
    async def handler() -> None:
        sleepy_helper()  # noqa: ADMF120 - the blocking call is what this test checks

    with checking(watchdog=False):
        with pytest.raises(BlockingCallError) as caught:
            asyncio.run(handler())
    text = str(caught.value)
    assert "time.sleep() blocks the running event loop" in text
    assert (
        "running test_sleep_through_a_helper_raises_with_the_coroutine_stack.<locals>.handler"
        in text
    )
    assert "<locals>.handler\n" in text and "in sleepy_helper" in text
    assert "asyncio/" not in text and "runtime/_blocking.py" not in text


def test_calls_that_do_not_block_are_fine(tmp_path: Path) -> None:
    async def main() -> None:
        time.sleep(0)  # noqa: ADMF101 - the blocking call is what this test checks
        await asyncio.to_thread(time.sleep, 0.001)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sleepy_helper)
        event = threading.Event()
        event.set()
        assert event.wait()  # noqa: ADMF105 - the blocking call is what this test checks
        jobs: queue.Queue[int] = queue.Queue(maxsize=1)
        jobs.put(1)  # noqa: ADMF106 - the blocking call is what this test checks
        assert jobs.get() == 1  # noqa: ADMF106 - the blocking call is what this test checks
        with pytest.raises(queue.Empty):
            jobs.get(block=False)
        lock = threading.Lock()
        with lock:
            assert not lock.acquire(blocking=False)
        left, right = socket.socketpair()  # noqa: ADMF125 - the fallback branch with connect() exists only where the OS has no socketpair
        with left, right:
            left.setblocking(False)
            with pytest.raises(BlockingIOError):
                left.recv(1)
            await loop.sock_sendall(left, b"x")
        done = threading.Thread(target=lambda: None)
        done.start()
        await asyncio.to_thread(done.join, 10)
        done.join()  # noqa: ADMF107 - the blocking call is what this test checks; finished: does not block
        await asyncio.sleep(0)

    report = run_report_mode(main)
    assert report.ok, report.format()


def test_the_loops_own_machinery_is_not_reported() -> None:
    async def main() -> None:
        process = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
        assert await asyncio.wait_for(process.wait(), 30) == 0
        await asyncio.get_running_loop().getaddrinfo("localhost", 80)
        await asyncio.get_running_loop().run_in_executor(pool, sleepy_helper)
        logging.getLogger("admf-tsan-test").warning("from a coroutine")

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        report = run_report_mode(main)
    assert report.ok, report.format()


def test_shutting_an_executor_down_on_the_loop_is_reported() -> None:
    async def main() -> None:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            await asyncio.get_running_loop().run_in_executor(pool, sleepy_helper)

    report = run_report_mode(main)
    (finding,) = report.of_kind("blocking-call")
    assert "Thread.join()" in finding.summary


@pytest.mark.parametrize(
    "label",
    [
        "Event.wait()",
        "Queue.get()",
        "Thread.join()",
        "Future.result()",
        "Lock@",
        "socket.recv()",
        "subprocess.run()",
        "open()",
        "sqlite3.Connection.execute()",
        "select.select()",
        "os.open()",
    ],
)
def test_blocking_calls_are_reported(label: str, tmp_path: Path) -> None:
    database = sqlite3.connect(":memory:")
    holder_ready = threading.Event()
    release = threading.Event()
    lock_holder: list[threading.Lock] = []

    async def main() -> None:
        if label == "Event.wait()":
            threading.Event().wait(0.001)  # noqa: ADMF105 - the blocking call is what this test checks
        elif label == "Queue.get()":
            with pytest.raises(queue.Empty):
                queue.Queue().get(timeout=0.001)  # noqa: ADMF106 - the blocking call is what this test checks
        elif label == "Thread.join()":
            worker = threading.Thread(target=release.wait, args=(10,))
            worker.start()
            worker.join(0.001)  # noqa: ADMF107 - the blocking call is what this test checks
            release.set()
            await asyncio.to_thread(worker.join, 10)
        elif label == "Future.result()":
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                future = pool.submit(release.wait, 10)
                with pytest.raises(concurrent.futures.TimeoutError):
                    future.result(timeout=0.001)  # noqa: ADMF108 - the blocking call is what this test checks
                release.set()
        elif label == "Lock@":
            lock = threading.Lock()

            def hold() -> None:
                with lock:
                    holder_ready.set()
                    release.wait(10)

            worker = threading.Thread(target=hold)
            worker.start()
            await asyncio.to_thread(holder_ready.wait, 10)
            assert not lock.acquire(timeout=0.001)  # noqa: ADMF105 - the blocking call is what this test checks
            release.set()
            await asyncio.to_thread(worker.join, 10)
            lock_holder.append(lock)
        elif label == "socket.recv()":
            left, right = socket.socketpair()  # noqa: ADMF125 - the fallback branch with connect() exists only where the OS has no socketpair
            with left, right:
                right.sendall(b"x")
                assert left.recv(1) == b"x"  # blocking mode: reported, though data was there
        elif label == "subprocess.run()":
            subprocess.run([sys.executable, "-c", "pass"], check=True)  # noqa: ADMF103 - the blocking call is what this test checks
        elif label == "open()":
            with open(os.devnull, "rb") as stream:  # noqa: ADMF130 - the blocking call is what this test checks
                stream.read()  # noqa: ADMF130 - the blocking call under test
        elif label == "sqlite3.Connection.execute()":
            database.execute("select 1").fetchall()  # noqa: ADMF111 - the blocking call is what this test checks
        elif label == "select.select()":
            select.select([], [], [], 0.001)  # noqa: ADMF110 - the blocking call is what this test checks
        elif label == "os.open()":
            os.close(os.open(os.devnull, os.O_RDONLY))  # noqa: ADMF104 - the blocking call is what this test checks

    # The connection was made before checking started: only connections made while it runs
    # are checked, so make one now.
    with checking(raise_on_violation=False, watchdog=False) as report:
        database = sqlite3.connect(":memory:")
        asyncio.run(main())
    findings = report.of_kind("blocking-call")
    assert any(label in finding.summary for finding in findings), report.format()
    assert all("test_blocking.py" in finding.text for finding in findings)


def test_executor_threads_are_fine() -> None:
    def work() -> str:
        time.sleep(0.001)
        with open(os.devnull, "rb"):
            pass
        threading.Event().wait(0.001)
        return "done"

    async def main() -> str:
        return await asyncio.to_thread(work)

    with checking(watchdog=False):
        assert asyncio.run(main()) == "done"


def test_loop_in_another_thread_only_checks_that_thread() -> None:
    started = threading.Event()
    stop: list[asyncio.AbstractEventLoop] = []

    def run_loop() -> None:
        loop = asyncio.new_event_loop()
        stop.append(loop)
        loop.call_soon(started.set)
        loop.run_forever()
        loop.close()

    with checking(raise_on_violation=False, watchdog=False) as report:
        thread = threading.Thread(target=run_loop)
        thread.start()
        assert started.wait(10)
        time.sleep(0.001)  # this thread runs no loop: fine
        future = asyncio.run_coroutine_threadsafe(asyncio.to_thread(sleepy_helper), stop[0])
        future.result(10)
        blocked = asyncio.run_coroutine_threadsafe(_blocking_coroutine(), stop[0])
        blocked.result(10)
        stop[0].call_soon_threadsafe(stop[0].stop)
        thread.join(10)
    (finding,) = report.of_kind("blocking-call")
    assert "_blocking_coroutine" in finding.text


async def _blocking_coroutine() -> None:
    sleepy_helper()  # noqa: ADMF120 - the blocking call is what this test checks


def test_allow_lets_a_function_block() -> None:
    def known_quick_blocking() -> None:
        time.sleep(0.001)

    async def main() -> None:
        known_quick_blocking()  # noqa: ADMF120 - the blocking call is what this test checks

    with checking(watchdog=False, allow_blocking=(known_quick_blocking,)) as report:
        asyncio.run(main())
    assert report.ok


def test_patches_are_removed_after(fresh_threading: object) -> None:
    sleep, stat, recv = time.sleep, os.stat, vars(socket.socket).get("recv")
    with checking(watchdog=False):
        assert time.sleep is not sleep
        assert "recv" in vars(socket.socket)
    assert time.sleep is sleep and os.stat is stat
    assert vars(socket.socket).get("recv") is recv


def test_allow_rejects_bad_input() -> None:
    from admf_tsan.runtime import BlockingDetector

    detector = BlockingDetector(lambda *args: None)
    with pytest.raises(TypeError, match="allow"):
        detector.allow(42)  # type: ignore[arg-type]


def _hold_briefly(lock: object, holding: threading.Event, release: threading.Event) -> None:
    with lock:  # type: ignore[attr-defined]
        holding.set()
        release.wait(0.2)  # bounded: the loop thread below cannot signal while it waits


def test_a_librarys_short_critical_section_is_not_reported() -> None:
    """blockbuster#52: a non-blocking call whose internal lock happens to be contended."""

    async def main() -> None:
        jobs: queue.Queue[int] = queue.Queue()
        permits = threading.Semaphore(2)
        for internal_lock, call in (
            (jobs.mutex, lambda: jobs.put_nowait(1)),
            (permits._cond, lambda: permits.acquire(timeout=0)),  # type: ignore[attr-defined]
        ):
            holding, release = threading.Event(), threading.Event()
            holder = threading.Thread(target=_hold_briefly, args=(internal_lock, holding, release))
            holder.start()
            assert await asyncio.to_thread(holding.wait, 10)
            call()  # waits for the holder's bounded critical section
            release.set()
            await asyncio.to_thread(holder.join, 10)

    report = run_report_mode(main)
    assert report.ok, report.format()


def test_a_contended_condition_taken_by_user_code_is_reported() -> None:
    async def main() -> None:
        condition = threading.Condition()
        holding, release = threading.Event(), threading.Event()
        holder = threading.Thread(target=_hold_briefly, args=(condition, holding, release))
        holder.start()
        assert await asyncio.to_thread(holding.wait, 10)
        with condition:
            pass
        release.set()
        await asyncio.to_thread(holder.join, 10)

    report = run_report_mode(main)
    (finding,) = report.of_kind("blocking-call")
    assert "with condition:" in finding.text


# -- calls the catalogue added to the runtime (each raises before it would block) ------------


def _unfinished_queue() -> queue.Queue[int]:
    q: queue.Queue[int] = queue.Queue()
    q.put(1)  # never marked done: join() would wait forever
    return q


@pytest.mark.parametrize(
    ("label", "call"),
    [
        ("Path.read_text()", lambda path: path.read_text()),
        ("Path.write_bytes()", lambda path: path.write_bytes(b"x")),
        ("os.stat()", lambda path: os.stat(path)),
        ("os.listdir()", lambda path: os.listdir(path.parent)),
        ("Path.exists()", lambda path: path.exists()),
        ("os.lstat()", lambda path: os.lstat(path)),
        ("ssl.create_default_context()", lambda path: __import__("ssl").create_default_context()),
        ("shutil.copyfile()", lambda path: __import__("shutil").copyfile(path, f"{path}.copy")),
        ("Queue.join()", lambda path: _unfinished_queue().join()),
        (
            "concurrent.futures.wait()",
            lambda path: concurrent.futures.wait([concurrent.futures.Future()]),
        ),
    ],
)
def test_catalogued_calls_raise_on_the_loop(label: str, call: object, tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_text("x")

    async def main() -> None:
        call(path)  # type: ignore[operator]

    with checking(watchdog=False):
        with pytest.raises(BlockingCallError) as caught:
            asyncio.run(main())
    assert f"{label} blocks the running event loop" in str(caught.value)


def test_queue_join_and_futures_wait_that_return_at_once_are_fine() -> None:
    async def main() -> None:
        queue.Queue().join()  # noqa: ADMF106 - nothing unfinished: returns at once
        done: concurrent.futures.Future[int] = concurrent.futures.Future()
        done.set_result(1)
        concurrent.futures.wait([done])  # noqa: ADMF108 - already done: returns at once
        concurrent.futures.wait([concurrent.futures.Future()], timeout=0)  # noqa: ADMF108

    report = run_report_mode(main)
    assert not report.of_kind("blocking-call"), report.format()


def test_numeric_lookups_are_not_reported_as_the_linter_does_not_report_them() -> None:
    # The catalogue's non_blocking rules say these return at once (an address is parsed, not
    # resolved); the linter does not report them, and neither does the runtime.
    async def main() -> None:
        assert socket.getaddrinfo("127.0.0.1", 80, type=socket.SOCK_STREAM)
        assert socket.getaddrinfo(b"::1", 80, socket.AF_INET6, socket.SOCK_STREAM)
        numeric = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
        assert socket.getaddrinfo("10.1.2.3", "80", flags=numeric)
        with pytest.raises(socket.gaierror):
            # A name with AI_NUMERICHOST is an error, never a lookup.
            socket.getaddrinfo("admf-tsan.invalid", 80, 0, 0, 0, socket.AI_NUMERICHOST)
        with pytest.raises(socket.gaierror):
            # The runtime sees the value a variable holds (the linter does not follow it).
            socket.getaddrinfo("admf-tsan.invalid", 80, flags=numeric)  # noqa: ADMF110 - a flag held in a variable, which the linter does not read
        address = socket.getnameinfo(
            ("127.0.0.1", 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV
        )
        assert address == ("127.0.0.1", "80")
        assert socket.gethostbyname("10.1.2.3") == "10.1.2.3"
        assert socket.gethostbyname_ex("10.1.2.3")[2] == ["10.1.2.3"]

    report = run_report_mode(main)
    assert not report.of_kind("blocking-call"), report.format()


@pytest.mark.parametrize(
    "label",
    ["socket.getaddrinfo()", "socket.getnameinfo()", "socket.gethostbyname()"],
)
def test_lookups_of_a_name_are_reported(label: str) -> None:
    # The twins of the numeric lookups above: a name (or an address to name) is looked up.
    async def main() -> None:
        with contextlib.suppress(OSError):
            if label == "socket.getaddrinfo()":
                # A numeric service does not make the host numeric.
                socket.getaddrinfo("localhost", 80, flags=socket.AI_NUMERICSERV)  # noqa: ADMF110 - the blocking call is what this test checks
            elif label == "socket.getnameinfo()":
                socket.getnameinfo(("127.0.0.1", 80), socket.NI_NUMERICSERV)  # noqa: ADMF110 - the blocking call is what this test checks
            else:
                socket.gethostbyname("localhost")  # noqa: ADMF110 - the blocking call is what this test checks

    report = run_report_mode(main)
    (finding,) = report.of_kind("blocking-call")
    assert f"blocking call {label} on the event loop thread" in finding.summary


def test_a_datagram_connect_to_an_address_is_not_reported_and_one_to_a_name_is() -> None:
    # connect() of a UDP socket records the peer (the linter's UDP_SOCKETS); given a host
    # name, the call looks it up first. The linter reports neither: it exempts every connect()
    # of a socket it knows is UDP, the address being mostly a variable.
    async def main() -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.connect(("127.0.0.1", 9))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.connect(("localhost", 9))

    report = run_report_mode(main)
    (finding,) = report.of_kind("blocking-call")
    assert "blocking call socket.connect() on the event loop thread" in finding.summary
    assert "test_blocking.py" in finding.summary
