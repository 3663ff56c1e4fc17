"""Network guard for the browser tests: Python processes started with this folder on
PYTHONPATH (the JupyterLab server and every notebook kernel it starts) may talk to
loopback only.

Any other connection, datagram or name lookup is refused before a packet leaves (the
audit hook raises) and written to the file named by UNLOCKED_NETLOG, so a test can
show what was attempted even if the code swallowed the error.
"""

import ipaddress
import json
import os
import sys

_LOG = os.environ.get("UNLOCKED_NETLOG")
_LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0]
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # any other name would need a resolver: that is network


def _address_host(address):
    if isinstance(address, tuple) and address:
        return address[0]
    return None  # AF_UNIX paths and the like stay on the machine


def _guard(event, args):
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        host = _address_host(args[1] if len(args) > 1 else None)
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                   "socket.gethostbyaddr"):
        host = args[0]
    else:
        return
    if _is_loopback(host):
        return
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({"event": event, "host": str(host), "argv": sys.argv[:2]}) + "\n")
    raise PermissionError(f"network guard: {event} to {host!r} refused (only loopback is allowed)")


if _LOG:
    sys.addaudithook(_guard)
