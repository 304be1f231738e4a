"""Network allow-list for filing (SPEC §3: filing only from Japan). Pure."""

from ipaddress import ip_address, ip_network


def client_address(peer: str | None, forwarded_for: str | None,
                   trusted_proxies: list[str]) -> str | None:
    """The client's address: X-Forwarded-For is believed only hop by hop from trusted proxies,
    reading right to left; the first untrusted address is the client."""
    if peer is None:
        return None
    hops = [h.strip() for h in (forwarded_for or "").split(",") if h.strip()]
    current = peer
    while hops and _in_any(current, trusted_proxies):
        current = hops.pop()
    return current


def allowed(address: str | None, networks: list[str]) -> bool:
    """Empty allow-list: everyone. Otherwise the address must be inside one network."""
    if not networks:
        return True
    return address is not None and _in_any(address, networks)


def _in_any(address: str, networks: list[str]) -> bool:
    try:
        addr = ip_address(address)
    except ValueError:
        return False
    return any(addr in ip_network(n, strict=False) for n in networks)
