"""The round trip of a 2 KB note through ``tilint serve``: the server started in this process
(rules loaded, spaCy warmed up), then 20 POST /api/lint of different 2 KB notes over one
connection, as the page sends them. Prints the start-up time and the median, min and max.

    python benchmarks/serve_roundtrip.py
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import threading
import time

from tilint.api import Linter
from tilint.serve import make_server

SENTENCES = ("Met with client at the shelter. Client claims she was paid for the work at the farm. She refused "
             "to cooperate with the officer. We discussed the safety plan and she asked about housing options "
             "and legal help for her visa.")
FLAGGED = "Client claims she was paid. Why didn't you leave?"


def note(seed: int, size: int = 2048) -> str:
    """About *size* characters of shuffled words, a flagged sentence now and then."""
    rng = random.Random(seed)
    words = SENTENCES.replace(".", "").split()
    parts: list[str] = []
    while sum(len(part) + 1 for part in parts) < size:
        parts.append(" ".join(rng.sample(words, 12)) + ".")
        if rng.random() < 0.3:
            parts.append(FLAGGED)
    return " ".join(parts)[:size]


def main() -> None:
    began = time.perf_counter()
    server = make_server(Linter(config=False))
    print(f"start-up (rules loaded, spaCy warmed up): {time.perf_counter() - began:.2f} s")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port)
    times, findings = [], 0
    for seed in range(21):
        body = json.dumps({"text": note(seed)}).encode()
        began = time.perf_counter()
        connection.request("POST", "/api/lint", body, {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"})
        findings = len(json.loads(connection.getresponse().read())["findings"])
        if seed:  # the first request opens the connection
            times.append((time.perf_counter() - began) * 1000)
    print(f"2 KB note ({findings} findings in the last): median {statistics.median(times):.1f} ms, "
          f"min {min(times):.1f}, max {max(times):.1f} over {len(times)} POSTs")
    server.shutdown()
    server.server_close()


if __name__ == "__main__":
    main()
