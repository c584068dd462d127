#!/usr/bin/env python3
"""A flood of citizens' reports from one address (issue 19), against a running server.

Usage: flood.py BASE OFFICER_COOKIE SUBMISSIONS WORKERS DATA_FILE [spread]

With `spread`, every request claims another address (X-Forwarded-For, the server trusting the
bench's own address as its proxy): a distributed flood, which only the proof of work's rising
difficulty and the city-wide ceiling hold back.

1. Reference: the officers' queue (/tips) timed alone, 200 times.
2. Flood: SUBMISSIONS reports sent by WORKERS threads from this one address, each as a browser
   would — the form fetched, the proof of work solved at the difficulty the server asks, a 200 kB
   photo attached — while a prober times the queue page the whole time.
3. Prints the answers by status, the queue's p50/p95 before and during, their ratio, and how much
   the database file grew (DATA_FILE: the SQLite file, or '-' for PostgreSQL).
Standard library only.
"""
import hashlib, os, re, struct, sys, threading, time, urllib.error, urllib.request, uuid, zlib

base, cookie, total, workers, data_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
spread = len(sys.argv) > 6 and sys.argv[6] == "spread"


def address():
    return {"X-Forwarded-For": f"10.{os.urandom(1)[0]}.{os.urandom(1)[0]}.{os.urandom(1)[0]}"} if spread else {}


def png(size):
    """A valid PNG of about `size` bytes (noise is incompressible)."""
    width = 256
    rows = max(1, size // (width * 3))
    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(rows))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, rows, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b"")


PHOTO = png(200_000)


def get(path, headers=None):
    req = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def solve(challenge):
    difficulty = int(challenge.split(".")[1])
    nonce = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
        bits = 0
        for byte in digest:
            if byte == 0:
                bits += 8
                continue
            bits += 8 - byte.bit_length()
            break
        if bits >= difficulty:
            return str(nonce)
        nonce += 1


def submit(i):
    claimed = address()
    status, page = get("/tip/new", claimed)
    if status != 200:
        return status
    m = re.search(rb'name="pow_challenge" value="([^"]+)"', page)
    challenge = m.group(1).decode()
    fields = {"category": "drugs", "commune": "11311", "description": f"Phản ánh thử số {i} trong đợt tràn ngập", "mode": "anonymous",
              "pow_challenge": challenge, "pow_nonce": solve(challenge)}
    boundary = "----flood" + uuid.uuid4().hex
    body = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items())
    body += f'--{boundary}\r\nContent-Disposition: form-data; name="files[]"; filename="anh.png"\r\nContent-Type: image/png\r\n\r\n'.encode() + PHOTO + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    req = urllib.request.Request(base + "/tip/new", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}", **claimed}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def time_queue(stop, samples):
    while not stop.is_set():
        s = time.perf_counter()
        status, _ = get("/tips", {"Cookie": cookie})
        samples.append((time.perf_counter() - s, status))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


size = lambda: os.path.getsize(data_file) + (os.path.getsize(data_file + "-wal") if os.path.exists(data_file + "-wal") else 0) if data_file != "-" else 0

reference = []
for _ in range(200):
    s = time.perf_counter()
    status, _ = get("/tips", {"Cookie": cookie})
    assert status == 200, f"/tips answered {status}: is the officer signed in?"
    reference.append(time.perf_counter() - s)

before = size()
counts, lock, next_i = {}, threading.Lock(), [0]
stop, samples = threading.Event(), []
prober = threading.Thread(target=time_queue, args=(stop, samples))
prober.start()
started = time.perf_counter()


def worker():
    while True:
        with lock:
            if next_i[0] >= total:
                return
            next_i[0] += 1
            i = next_i[0]
        status = submit(i)
        with lock:
            counts[status] = counts.get(status, 0) + 1


threads = [threading.Thread(target=worker) for _ in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.perf_counter() - started
stop.set()
prober.join()
during = [t for t, status in samples if status == 200]
ref50, ref95 = percentile(reference, 50) * 1000, percentile(reference, 95) * 1000
flood50, flood95 = percentile(during, 50) * 1000, percentile(during, 95) * 1000
print(f"flood: {total} submissions from {'a new address each' if spread else 'one address'} by {workers} workers in {elapsed:.1f}s; answers {dict(sorted(counts.items()))}")
print(f"queue /tips alone: p50 {ref50:.1f} ms, p95 {ref95:.1f} ms (n={len(reference)})")
print(f"queue /tips during the flood: p50 {flood50:.1f} ms, p95 {flood95:.1f} ms (n={len(during)}, non-200: {len(samples) - len(during)})")
print(f"ratio p95 during/alone: {flood95 / ref95:.2f}×; p95 under 300 ms: {'yes' if flood95 < 300 else 'NO'}")
if data_file != "-":
    print(f"database grew by {(size() - before) / 1e6:.1f} MB")
