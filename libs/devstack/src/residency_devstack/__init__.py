"""residency_devstack: the embedded local stack (S3, Kafka, PostgreSQL, mail) without Docker."""

from .ports import StackPorts, free_port
from .proc import StartupError
from .stack import SERVICES, EmbeddedStack

__all__ = ["SERVICES", "EmbeddedStack", "StackPorts", "StartupError", "free_port"]
