#!/usr/bin/env python3
"""Local sinks for the notification tests: an SMTP server (aiosmtpd) that requires STARTTLS and
AUTH PLAIN, and an HTTP server that takes webhook POSTs, both on loopback. Every message is
appended as one JSON line to DIR/mail.jsonl or DIR/webhook.jsonl. Prints one JSON line with the
ports and the CA file to trust, then serves until standard input closes.

    python3 scripts/notify-sinks.py DIR USERNAME PASSWORD
"""
import asyncio, json, os, socket, ssl, subprocess, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

folder, username, password = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
os.makedirs(folder, exist_ok=True)
lock = threading.Lock()


def append(name, record):
    with lock, open(os.path.join(folder, name), "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")


# A self-signed certificate for localhost; the client trusts it as its CA file.
cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert],
               check=True, capture_output=True)
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)


class Mailbox:
    async def handle_DATA(self, server, session, envelope):
        append("mail.jsonl", {"from": envelope.mail_from, "to": envelope.rcpt_tos,
                              "data": envelope.content.decode("utf-8", "replace"),
                              "tls": session.ssl is not None, "authenticated": bool(session.authenticated)})
        return "250 OK"


def authenticate(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == username and data.password == password
    return AuthResult(success=ok, handled=False)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


smtp_port = free_port()
smtp = Controller(Mailbox(), hostname="127.0.0.1", port=smtp_port, tls_context=context, require_starttls=True,
                  authenticator=authenticate, auth_require_tls=True, server_hostname="localhost")
smtp.start()


class Webhook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        append("webhook.jsonl", {"path": self.path, "headers": dict(self.headers), "body": body.decode("utf-8", "replace")})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


web = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
threading.Thread(target=web.serve_forever, daemon=True).start()
print(json.dumps({"smtp": smtp_port, "webhook": web.server_address[1], "ca": cert}), flush=True)
sys.stdin.read()
smtp.stop()
web.shutdown()
