"""Exercises of notebook 00, "Start here"."""
