"""The ``cronaca`` command line: thin wrappers around typed functions."""
