"""Fixtures: each whole-deployment kustomization of deploy/k8s, rendered."""

import pytest

from tests.unit.deploy.rendering import OVERLAYS, Doc, render


@pytest.fixture(params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def docs(overlay: str) -> list[Doc]:
    return render(overlay)
