"""The rendered manifests of deploy/k8s: one `kubectl kustomize` per overlay per session."""

import functools
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("overlays/dev", "overlays/prod", "tests/external-backends")
"""Every kustomization that renders a whole deployment (tests/: variants not deployed as such)."""

Doc = dict[str, Any]


def kubectl() -> str:
    path = shutil.which("kubectl")
    if path is None:
        pytest.skip("kubectl not found: install kubectl (>= 1.27, kustomize v5) to render "
                    "and check deploy/k8s")
    return path


_cache: dict[str, str] = {}


def render_text(overlay: str) -> str:
    if overlay not in _cache:
        run = subprocess.run([kubectl(), "kustomize", str(K8S / overlay)],
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, f"kubectl kustomize {overlay} failed:\n{run.stderr}"
        _cache[overlay] = run.stdout
    return _cache[overlay]


@functools.cache
def render(overlay: str) -> list[Doc]:
    """The rendered objects (shared between tests: do not modify them)."""
    return [d for d in yaml.safe_load_all(render_text(overlay)) if d]


def by_kind(docs: list[Doc], kind: str) -> dict[str, Doc]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}
