"""Summarises one schemathesis run of tests/fuzz/run.sh from its NDJSON report.

Usage: python tests/fuzz/summarise.py REPORT_DIR [--token TOKEN]

Writes REPORT_DIR/failures.md (every failing check, grouped by operation, check and failure title,
each with up to three examples: the message, a curl command with the token as $TOKEN, and the
response's status and body) and REPORT_DIR/failures.json, and prints the group headlines.
Also prints the number of requests and of answers >= 500 as its last line: "requests N 5xx M".
"""

from __future__ import annotations

import base64
import glob
import json
import re
import shlex
import sys
from collections import OrderedDict

EXAMPLES_PER_GROUP = 6
BODY_EXCERPT = 600


def decode(blob) -> str:
    if blob is None:
        return ""
    if isinstance(blob, dict):
        if "$base64" in blob:
            return base64.b64decode(blob["$base64"]).decode("utf-8", "replace")
        if "string" in blob:
            return blob["string"]
        return json.dumps(blob, ensure_ascii=False)
    return str(blob)


def signature(response: dict, message: str) -> str:
    """What tells failures of one group apart: the status, the server's reason (digits folded) and the check's first line."""
    status = response.get("status_code")
    reason = ""
    try:
        body = json.loads(decode(response.get("content")) or "null")
        if isinstance(body, dict) and "reason" in body:
            reason = re.sub(r"\d+", "N", str(body["reason"]))[:160]
    except (ValueError, TypeError):
        pass
    first = re.sub(r"\d+", "N", (message or "").strip().splitlines()[0] if message else "")[:160]
    return f"{status} | {reason} | {first}"


def curl(request: dict, token: str | None) -> str:
    parts = ["curl", "-sS", "-i", "-X", request["method"]]
    for name, values in (request.get("headers") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            if name.lower() == "authorization" and token and token in value:
                parts += ["-H", "Authorization: Bearer $TOKEN"]
                continue
            parts += ["-H", f"{name}: {value}"]
    body = decode(request.get("body"))
    if body:
        parts += ["--data-binary", body]
    parts.append(request["uri"])
    out = []
    for p in parts:
        if p == "Authorization: Bearer $TOKEN":
            out.append('"Authorization: Bearer $TOKEN"')
        else:
            out.append(shlex.quote(p))
    return " ".join(out)


def main() -> int:
    args = sys.argv[1:]
    token = None
    if "--token" in args:
        i = args.index("--token")
        token = args[i + 1]
        del args[i : i + 2]
    directory = args[0]
    paths = sorted(glob.glob(directory + "/ndjson-*.ndjson"))
    if not paths:
        print(f"summarise.py: no NDJSON report in {directory}", file=sys.stderr)
        print("requests 0 5xx 0")
        return 1

    groups: OrderedDict[tuple, dict] = OrderedDict()
    seen_cases: set[tuple] = set()
    interactions_seen: set[tuple] = set()
    requests = server_errors = 0
    errors: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                event = json.loads(line)
                if "NonFatalError" in event or "FatalError" in event:
                    e = event.get("NonFatalError") or event.get("FatalError")
                    errors.append(json.dumps(e, ensure_ascii=False)[:2000])
                    continue
                finished = event.get("ScenarioFinished")
                if not finished:
                    continue
                recorder = finished.get("recorder") or {}
                interactions = recorder.get("interactions") or {}
                for case_id, interaction in interactions.items():
                    key = (case_id, interaction.get("timestamp"))
                    if key in interactions_seen:
                        continue
                    interactions_seen.add(key)
                    requests += 1
                    if (interaction.get("response") or {}).get("status_code", 0) >= 500:
                        server_errors += 1
                for case_id, checks in (recorder.get("checks") or {}).items():
                    for check in checks:
                        if check.get("status") != "failure":
                            continue
                        failure = (check.get("failure_info") or {}).get("failure") or {}
                        operation = failure.get("operation") or recorder.get("label", "?")
                        title = failure.get("title", "?")
                        message = failure.get("message", "")
                        key = (operation, check["name"], failure.get("code"), title)
                        dedupe = key + (case_id,)
                        if dedupe in seen_cases:
                            continue
                        seen_cases.add(dedupe)
                        group = groups.setdefault(
                            key, {"operation": operation, "check": check["name"], "code": failure.get("code"),
                                  "title": title, "count": 0, "phases": set(), "examples": [], "signatures": {}}
                        )
                        group["count"] += 1
                        interaction = interactions.get(case_id) or {}
                        response = interaction.get("response") or {}
                        sig = signature(response, message)
                        group["signatures"][sig] = group["signatures"].get(sig, 0) + 1
                        group["phases"].add(finished.get("phase"))
                        if len(group["examples"]) < EXAMPLES_PER_GROUP and sig not in [e["signature"] for e in group["examples"]]:
                            group["examples"].append({
                                "signature": sig,
                                "message": message,
                                "curl": curl(interaction["request"], token) if interaction.get("request") else None,
                                "status": response.get("status_code"),
                                "body": decode(response.get("content"))[:BODY_EXCERPT],
                                "phase": finished.get("phase"),
                            })

    ordered = sorted(groups.values(), key=lambda g: (g["code"] or "", g["operation"]))
    with open(directory + "/failures.md", "w", encoding="utf-8") as out:
        out.write(f"# schemathesis failures ({len(ordered)} groups, {requests} requests, {server_errors} answers >= 500)\n\n")
        for g in ordered:
            out.write(f"## {g['code']} {g['title']} — {g['operation']} (check {g['check']}, {g['count']} cases, phases {', '.join(sorted(p for p in g['phases'] if p))})\n\n")
            out.write("Distinct signatures (status | server reason | check message), with counts:\n\n")
            for sig, n in sorted(g["signatures"].items(), key=lambda kv: -kv[1]):
                out.write(f"- {n}× `{sig}`\n")
            out.write("\n")
            for ex in g["examples"]:
                out.write(f"- phase {ex['phase']}, status {ex['status']}\n\n```\n{ex['message']}\n```\n\n")
                if ex["curl"]:
                    out.write(f"```sh\n{ex['curl']}\n```\n\n")
                out.write(f"Response body: `{ex['body']}`\n\n")
        if errors:
            out.write("## schemathesis errors\n\n")
            for e in errors:
                out.write(f"```\n{e}\n```\n\n")
    with open(directory + "/failures.json", "w", encoding="utf-8") as out:
        json.dump([{**g, "phases": sorted(p for p in g["phases"] if p)} for g in ordered], out, ensure_ascii=False, indent=1)

    for g in ordered:
        print(f"  {g['code']} {g['title']}: {g['operation']} ({g['count']} cases)")
    for e in errors:
        print(f"  schemathesis error: {e[:300]}")
    print(f"requests {requests} 5xx {server_errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
