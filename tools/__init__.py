"""Authoring tools: building notebooks and refreshing the data checksums.

Run them through make (``make build``, ``make manifest``) or as
``python -m tools.<name>`` from the module's root.
"""
