"""A Spark standalone cluster on this machine (one master, N workers) from the PySpark distribution.

Everything binds to 127.0.0.1 (``SPARK_LOCAL_IP``, ``--host``); the web UIs get free loopback
ports. Used by the cluster test and ``python -m benchmarks history``::

    with local_cluster(workers=2, work_dir=tmp) as master_url:   # "spark://127.0.0.1:PORT"
        ...  # connect("spark", spark_master=master_url), or COOPSCOPE_SPARK_MASTER=master_url
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

LOOPBACK = "127.0.0.1"


def spark_home() -> Path:
    """The PySpark distribution's folder (it holds ``bin/spark-class`` and the jars)."""
    import pyspark

    return Path(pyspark.__file__).parent


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def cluster_env() -> dict[str, str]:
    """The environment of the master, the workers and their executors: loopback, this Python."""
    return {
        **os.environ,
        "SPARK_HOME": str(spark_home()),
        "SPARK_LOCAL_IP": LOOPBACK,
        "PYSPARK_PYTHON": sys.executable,
        "SPARK_NO_DAEMONIZE": "1",
    }


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    spark_class = spark_home() / "bin" / "spark-class"
    with open(log, "wb") as out:
        return subprocess.Popen([str(spark_class), *args], env=cluster_env(), stdout=out, stderr=subprocess.STDOUT)


def _alive_workers(ui_port: int) -> int:
    with urllib.request.urlopen(f"http://{LOOPBACK}:{ui_port}/json/", timeout=5) as answer:
        return int(json.load(answer).get("aliveworkers", 0))


def _wait_for(workers: int, ui_port: int, procs: list[subprocess.Popen[bytes]], logs: Path, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        dead = [p for p in procs if p.poll() is not None]
        if dead:
            raise RuntimeError(f"a Spark daemon ended (exit {dead[0].returncode}); see the logs in {logs}")
        with contextlib.suppress(OSError, ValueError):
            if _alive_workers(ui_port) >= workers:
                return
        time.sleep(1)
    raise RuntimeError(f"the Spark cluster did not have {workers} workers after {limit_s:.0f} s; logs in {logs}")


@contextlib.contextmanager
def local_cluster(
    workers: int = 2, *, work_dir: Path, cores: int = 1, memory: str = "1536m", limit_s: float = 180
) -> Iterator[str]:
    """Start a master and ``workers`` workers on 127.0.0.1; yield the master URL; stop them all."""
    work_dir.mkdir(parents=True, exist_ok=True)
    port, ui_port = free_port(), free_port()
    master = f"spark://{LOOPBACK}:{port}"
    procs = [
        _start(
            ["org.apache.spark.deploy.master.Master", "--host", LOOPBACK, "--port", str(port), "--webui-port",
             str(ui_port)],
            work_dir / "master.log",
        )
    ]  # fmt: skip
    try:
        for n in range(workers):
            folder = work_dir / f"worker-{n}"
            folder.mkdir(exist_ok=True)
            args = ["org.apache.spark.deploy.worker.Worker", "--host", LOOPBACK, "--cores", str(cores)]
            args += ["--memory", memory, "--work-dir", str(folder), "--webui-port", str(free_port()), master]
            procs.append(_start(args, work_dir / f"worker-{n}.log"))
        _wait_for(workers, ui_port, procs, work_dir, limit_s)
        yield master
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
