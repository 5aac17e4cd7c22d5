"""A process that cannot reach the network: the second wall of the public SPARQL endpoint.

:func:`forbid_network` installs a seccomp filter in the calling process (inherited by every
process it starts, across ``exec``) under which ``socket()`` of the Internet, packet and
netlink families fails with ``EACCES``, and ``io_uring`` cannot be set up to get round it.
Unix sockets and pipes, which a query worker uses to talk to its server, keep working.
Whatever a query asks of the engine, no request can then leave the process: an engine that
tries a ``SERVICE`` call gets "Permission denied" instead of a connection.

No privilege is needed (the filter sets ``no_new_privs`` first); the filter cannot be
removed once installed. Where seccomp is not available the call raises
:class:`NetworkWallUnavailable`, and the caller decides (the query workers refuse to start).
"""

from __future__ import annotations

import errno
import socket

from skillscape.errors import Unavailable

#: the socket families a walled process cannot open
WALLED_FAMILIES: tuple[int, ...] = tuple(
    family
    for family in (
        socket.AF_INET,
        socket.AF_INET6,
        getattr(socket, "AF_PACKET", None),
        getattr(socket, "AF_NETLINK", None),
    )
    if family is not None
)


class NetworkWallUnavailable(Unavailable):
    """seccomp cannot be used here (not Linux, or no libseccomp)."""


def forbid_network() -> None:
    """From now on this process (and its children) cannot open a network socket."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as exc:  # no libseccomp on this system
        raise NetworkWallUnavailable(f"seccomp is not available: {exc}") from exc
    try:
        wall = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for family in WALLED_FAMILIES:
            wall.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
        wall.add_rule(seccomp.ERRNO(errno.EACCES), "io_uring_setup")
        wall.load()
    except Exception as exc:  # libseccomp reports failures as OSError or RuntimeError
        raise NetworkWallUnavailable(f"the seccomp filter could not be installed: {exc}") from exc


def network_is_walled() -> bool:
    """True when this process cannot open an Internet socket."""
    try:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except PermissionError:
        return True
    probe.close()
    return False


__all__ = ["WALLED_FAMILIES", "NetworkWallUnavailable", "forbid_network", "network_is_walled"]
