"""Bytes out: stdout and stderr, and the files that export writes."""
