#!/usr/bin/env python3
"""Many people reporting progress on one assignment at once: WRITERS threads share TOTAL
`POST /api/v1/assignments/{id}/updates`; prints the answers by status and the latency percentiles.
The reference in the same run is the same number of reports sent by one writer, one after another.
Usage: writers.py BASE_URL TOKEN ASSIGNMENT_ID WRITERS TOTAL"""
import json
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

base, token, assignment, writers, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
url = f"{base}/api/v1/assignments/{assignment}/updates"


def send(n: int) -> tuple[int, float]:
    body = json.dumps({"text": f"Báo cáo tiến độ lần {n}", "percent": n % 100}).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - start) * 1000


def run(threads: int) -> dict:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(send, range(total)))
    wall = time.perf_counter() - start
    latencies = sorted(ms for _, ms in results)
    statuses: dict[int, int] = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    errors = sum(n for s, n in statuses.items() if s == 0 or s >= 500)
    return {"statuses": statuses, "errors": errors, "p50": pick(0.50), "p99": pick(0.99), "wall": wall}


sequential = run(1)
concurrent = run(writers)
for name, r in (("1 writer  ", sequential), (f"{writers} writers", concurrent)):
    print(f"{name}: {total} reports in {r['wall']:.1f} s, answers {r['statuses']}, errors {r['errors']}, "
          f"p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms")
print(f"ratio: p99 with {writers} writers = {concurrent['p99'] / sequential['p99']:.1f}× one writer's p99; "
      f"throughput {total / concurrent['wall']:.0f}/s vs {total / sequential['wall']:.0f}/s")
sys.exit(1 if concurrent["errors"] or sequential["errors"] else 0)
