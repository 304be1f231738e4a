"""The container image: built from this tree by deploy/image/build.sh, every service run from it
against an embedded stack of its own, read through published ports, stopped by `podman stop`.

Networking: the containers share one pod on slirp4netns with `allow_host_loopback`, so the host's
127.0.0.1 is 10.0.2.2 inside and the pod publishes 8000-8003 and 8080 on 127.0.0.1 (random host
ports).
The embedded broker advertises 127.0.0.1:<port> to its clients (libs/devstack), an address only
the host's own namespace answers; a forwarder container in the pod listens on 127.0.0.1 at each
stack port and relays to 10.0.2.2, so the services get exactly the environment the supervisor
builds. On a cluster the broker advertises addresses the pods reach and no forwarder exists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PODMAN = ROOT / "deploy" / "image" / "podman.sh"
BUILD = ROOT / "deploy" / "image" / "build.sh"
IMAGE = os.environ.get("RESIDENCY_TEST_IMAGE", "localhost/residency-online:dev")
HTTP_PORTS = {"intake": 8000, "documents": 8001, "examination": 8002, "notify": 8003,
              "web": 8080}
"""The web pages come last: their /readyz follows intake's (reached in the pod on 127.0.0.1)."""
STACK_SERVICES = [s for s in HTTP_PORTS if s != "web"]
UID = "10001"

pytestmark = pytest.mark.e2e
if shutil.which("podman") is None:
    pytest.skip("podman not installed: the container image is neither built nor run "
                "(apt-get install podman runc mmdebstrap slirp4netns catatonit)",
                allow_module_level=True)
if os.geteuid() != 0:
    pytest.skip("not root: the image test needs rootful podman and mmdebstrap",
                allow_module_level=True)

# Relays 127.0.0.1:<port> inside the pod to the host's 127.0.0.1:<port> (10.0.2.2 on slirp4netns).
FORWARD = """
import asyncio, sys

async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass
    finally:
        writer.close()

def relay(port):
    async def handle(reader, writer):
        try:
            up_reader, up_writer = await asyncio.open_connection("10.0.2.2", port)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
    return handle

async def main():
    ports = [int(p) for p in sys.argv[1:]]
    servers = [await asyncio.start_server(relay(p), "127.0.0.1", p) for p in ports]
    print("forwarding", *ports, flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))

asyncio.run(main())
"""


def podman(*args: str, env: dict[str, str] | None = None, timeout: float = 120,
           check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(PODMAN), *args], env=env, capture_output=True, text=True,
                          timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"podman {' '.join(args[:3])} … exited {done.returncode}:\n"
                             f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done


def declared_scripts() -> set[str]:
    """Console scripts declared by the workspace's packages (what the image must carry)."""
    names: set[str] = set()
    for pyproject in [*ROOT.glob("libs/*/pyproject.toml"), *ROOT.glob("services/*/pyproject.toml")]:
        if pyproject.parent.name in ("devstack", "load"):  # developers' tools, not in the image
            continue
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        names |= set(project.get("scripts", {}))
    return names


def report(config: pytest.Config, line: str) -> None:
    """Show a figure in the run's output even when output is captured (-q without -s)."""
    capture = config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n{line}", flush=True)


@pytest.fixture(scope="module")
def image(pytestconfig: pytest.Config) -> str:
    started = time.monotonic()
    built = subprocess.run([str(BUILD)], env=os.environ | {"IMAGE": IMAGE}, capture_output=True,
                           text=True, timeout=1500)
    assert built.returncode == 0, f"build.sh failed:\n{built.stderr[-4000:]}"
    size = int(podman("image", "inspect", "--format", "{{.Size}}", IMAGE).stdout)
    made = [line for line in built.stderr.splitlines() if line.startswith("build.sh: made")]
    report(pytestconfig, f"image {IMAGE}: built in {time.monotonic() - started:.1f} s"
           f"{' (' + '; '.join(made) + ')' if made else ' (bases cached)'}, {size / 1e6:.0f} MB")
    return IMAGE


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A stack of its own, so the containers' consumers never join the session's groups."""
    from residency_devstack.testing import running_stack

    with running_stack(tmp_path_factory.mktemp("image-stack")) as running:
        yield running


@dataclass
class Pod:
    name: str
    ports: dict[int, int]  # container port -> host port on 127.0.0.1

    def url(self, service: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[HTTP_PORTS[service]]}{path}"


@pytest.fixture(scope="module")
def pod(image: str, own_stack) -> Iterator[Pod]:  # type: ignore[no-untyped-def]
    from residency_devstack.supervisor import run_env

    name = f"residency-image-test-{os.getpid()}"
    publish = [arg for port in HTTP_PORTS.values() for arg in ("-p", f"127.0.0.1::{port}")]
    podman("pod", "create", "--name", name,
           "--network", "slirp4netns:allow_host_loopback=true", *publish)
    try:
        stack_ports = sorted({int(port) for service in STACK_SERVICES
                              for key, value in run_env(own_stack, service, 0).items()
                              for port in [*re.findall(r"127\.0\.0\.1:(\d+)", value),
                                           *([value] if key.endswith("_SMTP_PORT") else [])]})
        podman("run", "-d", "--pod", name, "--name", f"{name}-forward", "--read-only",
               image, "python3", "-c", FORWARD, *map(str, stack_ports))
        wait_for(lambda: "forwarding" in podman("logs", f"{name}-forward").stdout,
                 30, "the forwarder to listen")
        infra = podman("pod", "inspect", "--format", "{{.InfraContainerID}}", name).stdout.strip()
        ports = {}
        for line in podman("port", infra).stdout.splitlines():  # 8000/tcp -> 127.0.0.1:40123
            inner, outer = line.split(" -> ")
            ports[int(inner.split("/")[0])] = int(outer.rsplit(":", 1)[1])
        yield Pod(name, ports)
    finally:
        podman("pod", "rm", "--force", "--time", "0", name, check=False)


def wait_for(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


def http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def run_service(pod: Pod, image: str, own_stack, service: str) -> str:  # type: ignore[no-untyped-def]
    """Start one service from the image in the pod: read-only root, tmpfs /tmp, the
    supervisor's environment (passed by name, so no secret shows on a command line)."""
    from residency_devstack.supervisor import run_env, web_env

    if service == "web":  # intake's client: intake is in the same pod, on 127.0.0.1:8000
        env = web_env(own_stack, HTTP_PORTS["web"], HTTP_PORTS["intake"], base_env={}) | {
            "WEB_HTTP_HOST": "0.0.0.0"}
    else:
        env = run_env(own_stack, service, HTTP_PORTS[service])
    container = f"{pod.name}-{service}"
    podman("run", "-d", "--pod", pod.name, "--name", container, "--read-only",
           "--tmpfs", "/tmp:rw,nosuid,nodev,size=64m",
           *[arg for key in sorted(env) for arg in ("--env", key)],
           image, f"residency-{service}", env=os.environ | env)
    return container


def test_the_image_runs_as_non_root_with_every_service_command(image: str) -> None:
    config = json.loads(podman("image", "inspect", image).stdout)[0]["Config"]
    assert config["User"] == f"{UID}:{UID}"
    assert config["Cmd"] == ["residency-intake"]
    for service in HTTP_PORTS:
        assert f"{service.upper()}_HTTP_HOST=0.0.0.0" in config["Env"]
    scripts = sorted(declared_scripts())
    assert {f"residency-{service}" for service in HTTP_PORTS} <= set(scripts)
    found = podman("run", "--rm", "--read-only", image, "sh", "-c",
                   'for s in "$@"; do command -v "$s"; done; id -u', "sh", *scripts).stdout.split()
    assert found[-1] == UID
    assert [Path(path).name for path in found[:-1]] == scripts


@pytest.mark.parametrize("command", ["residency-migrate", "residency-dlq"])
def test_the_operators_commands_run_in_the_image(image: str, command: str) -> None:
    if command not in declared_scripts():
        pytest.skip(f"{command} is not in this tree yet")
    done = podman("run", "--rm", "--read-only", "--tmpfs", "/tmp", image, command, "--help")
    assert "usage" in done.stdout.lower()


@pytest.mark.timeout(600)
def test_each_service_from_the_image_serves_readyz_and_stops_cleanly_on_sigterm(
        image: str, own_stack, pod: Pod,  # type: ignore[no-untyped-def]
        pytestconfig: pytest.Config) -> None:
    containers = {service: run_service(pod, image, own_stack, service) for service in HTTP_PORTS}
    for service, container in containers.items():
        try:
            wait_for(lambda s=service: http_status(pod.url(s, "/readyz")) == 200, 120,
                     f"{service} /readyz through the published port")
        except AssertionError:
            logs = podman("logs", container, check=False)
            raise AssertionError(f"{service} never ready:\n{logs.stdout[-3000:]}"
                                 f"{logs.stderr[-3000:]}") from None
        status = podman("exec", container, "cat", "/proc/1/status").stdout
        uids = re.search(r"^Uid:\s+(\d+)", status, re.MULTILINE)
        assert uids and uids.group(1) == UID, f"{service} PID 1 runs as uid {uids}"
    stopped: dict[str, tuple[float, int]] = {}
    for service, container in containers.items():
        started = time.monotonic()
        podman("stop", "--time", "10", container, timeout=60)
        took = time.monotonic() - started
        state = json.loads(podman("inspect", container).stdout)[0]["State"]
        stopped[service] = (took, state["ExitCode"])
    report(pytestconfig, "image: podman stop -t 10 → " + ", ".join(
        f"{service} exit {code} in {took:.1f} s" for service, (took, code) in stopped.items()))
    assert {service: code for service, (_, code) in stopped.items()} == dict.fromkeys(
        HTTP_PORTS, 0), "exit codes on SIGTERM (137: still running after 10 s, killed)"


def test_the_document_checks_run_in_the_image_on_a_read_only_root(
        image: str, tmp_path: Path) -> None:
    from residency_devstack.samples import pdf_bytes

    (tmp_path / "plain.pdf").write_bytes(pdf_bytes())
    (tmp_path / "locked.pdf").write_bytes(pdf_bytes(password="sample"))
    tmp_path.chmod(0o755)
    for path in tmp_path.iterdir():
        path.chmod(0o644)
    done = podman("run", "--rm", "--read-only", "--tmpfs", "/tmp",
                  "--volume", f"{tmp_path}:/in:ro", image,
                  "residency-docs", "check", "/in/plain.pdf", "/in/locked.pdf", check=False)
    verdicts = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(v["ok"], v["code"]) for v in verdicts] == [(True, "OK"), (False, "PDF_ENCRYPTED")], \
        done.stderr[-2000:]
    assert done.returncode == 1
