"""skillscape: a knowledge graph of occupations and skills with provenance for every statement."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("skillscape")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
