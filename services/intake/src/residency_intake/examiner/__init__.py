"""Examiners' work queue and actions: bureau-scoped, handed to examination as commands."""
