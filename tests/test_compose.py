"""docker-compose.yml is safe by default: nothing is published beyond this machine unless asked."""
from __future__ import annotations

import re
from pathlib import Path

COMPOSE = Path(__file__).resolve().parents[1] / "docker-compose.yml"


def published_ports(text: str) -> list[str]:
    """The entries of every `ports:` list (compose's short syntax, one quoted string a line)."""
    ports, inside = [], False
    for line in text.splitlines():
        if re.match(r"\s+ports:\s*$", line):
            inside = True
        elif inside and (entry := re.match(r'\s+-\s+"([^"]+)"', line)):
            ports.append(entry.group(1))
        else:
            inside = False
    return ports


def test_every_port_is_published_on_localhost_unless_the_user_opts_in():
    ports = published_ports(COMPOSE.read_text(encoding="utf-8"))
    assert len(ports) == 3  # Neo4j Browser, Bolt, the app
    assert all(port.startswith("${BIND_ADDRESS:-127.0.0.1}:") for port in ports), ports
