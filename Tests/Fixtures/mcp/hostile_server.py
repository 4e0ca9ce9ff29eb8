"""A hostile MCP server for natter's robustness tests (issue 28), written on raw JSON-RPC so that it starts in
milliseconds and can misbehave in ways the official SDK would not let it.

    python hostile_server.py MODE [http PORT]

Modes (stdio unless `http PORT` follows, which serves Streamable HTTP on 127.0.0.1:PORT at /mcp and prints
`listening PORT` once it accepts connections):

- `flood-list-changed`: after the first `tools/list`, sends `notifications/tools/list_changed` in an endless loop.
- `flood-ping-unread`: after the first `tools/list`, sends `ping` requests in an endless loop and never reads again.
- `flood-ping-read`: sends `ping` requests in an endless loop while reading (and ignoring) the answers.
- `collide`: lists tools whose names collide once cleaned (`srv__echo`, `srv`, `git_status`, `git.status`,
  `git_status_2`); each call answers `ran <tool name>`.
- `slow-start`: waits 4 seconds before reading anything, then answers like `collide`.
- `echo-secret`: one tool `leak` whose result, error and description quote the request's Authorization header
  (HTTP) or the environment variable HOSTILE_SECRET (stdio); a `tools/call` of `fail` answers a JSON-RPC error
  quoting it too. Over HTTP, a POST with `X-Fail: 500` answers 500 with the header in the body.
"""

import json
import os
import sys
import threading

MODE = sys.argv[1] if len(sys.argv) > 1 else "collide"


def secret_from(headers):
    if headers is not None:
        return headers.get("Authorization", "")
    return os.environ.get("HOSTILE_SECRET", "")


def tools(secret):
    if MODE in ("collide", "slow-start"):
        names = ["srv__echo", "srv", "git_status", "git.status", "git_status_2"]
        return [{"name": n, "description": "tool " + n, "inputSchema": {"type": "object"}} for n in names]
    if MODE == "echo-secret":
        return [
            {"name": "leak", "description": "quotes " + secret, "inputSchema": {"type": "object"}},
            {"name": "fail", "description": "fails", "inputSchema": {"type": "object"}},
        ]
    return [{"name": "noop", "description": "does nothing", "inputSchema": {"type": "object"}}]


def answer(message, headers=None):
    """The answer to one request (None for a notification)."""
    method = message.get("method")
    ident = message.get("id")
    if ident is None or method is None:
        return None
    secret = secret_from(headers)
    if method == "initialize":
        result = {
            "protocolVersion": message.get("params", {}).get("protocolVersion", "2025-06-18"),
            "capabilities": {"tools": {"listChanged": True}},
            "serverInfo": {"name": "hostile", "version": "1"},
        }
    elif method == "tools/list":
        result = {"tools": tools(secret)}
    elif method == "tools/call":
        name = message.get("params", {}).get("name", "")
        if MODE == "echo-secret" and name == "fail":
            return {"jsonrpc": "2.0", "id": ident, "error": {"code": -32000, "message": "bad credential " + secret}}
        text = "the secret is " + secret if MODE == "echo-secret" else "ran " + name
        result = {"content": [{"type": "text", "text": text}]}
    elif method == "ping":
        result = {}
    else:
        return {"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "unknown " + method}}
    return {"jsonrpc": "2.0", "id": ident, "result": result}


def flood(write, read_line):
    """Endless unasked messages, as the mode says."""
    if MODE == "flood-ping-read" and read_line is not None:
        threading.Thread(target=lambda: [None for _ in iter(read_line, "")], daemon=True).start()
    count = 0
    while True:
        count += 1
        if MODE == "flood-list-changed":
            write({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
        else:
            write({"jsonrpc": "2.0", "id": "p%d" % count, "method": "ping"})


def serve_stdio():
    if MODE == "slow-start":
        import time
        time.sleep(4)
    out = sys.stdout
    lock = threading.Lock()

    def write(message):
        data = json.dumps(message) + "\n"
        with lock:
            out.write(data)
            out.flush()

    flooding = MODE.startswith("flood-")
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        reply = answer(message)
        if reply is not None:
            write(reply)
        if flooding and message.get("method") == "tools/list":
            # Flooding from here on, once natter has its tools; only flood-ping-read reads on (on a thread of
            # its own).
            try:
                flood(write, sys.stdin.readline)
            except (BrokenPipeError, OSError):
                return


def serve_http(port):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0") or "0"))
            if self.headers.get("X-Fail") == "500":
                text = ("server error; you sent " + self.headers.get("Authorization", "")).encode()
                self.send_response(500)
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)
                return
            try:
                message = json.loads(body)
            except ValueError:
                message = {}
            reply = answer(message, self.headers)
            if reply is None:
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Mcp-Session-Id", "hostile-session")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            # The stream of unasked messages: endless list_changed when flooding, else nothing (405).
            if MODE != "flood-list-changed":
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            frame = b'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/tools/list_changed"}\n\n'
            try:
                while True:
                    self.wfile.write(frame * 64)
            except (BrokenPipeError, ConnectionResetError, OSError):
                return

        def do_DELETE(self):
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("listening %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[2] == "http":
        serve_http(int(sys.argv[3]))
    else:
        serve_stdio()
