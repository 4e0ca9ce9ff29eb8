"""An MCP server with scripted behaviours, for natter's MCP tests (SPEC 7).

Run with the test-tools venv (scripts/ensure-test-tools installs the `mcp` SDK there):

    .build/test-tools/bin/python Tests/Fixtures/mcp/scripted_server.py [stdio | http PORT | sse PORT]

stdio is the default. `http` serves Streamable HTTP on 127.0.0.1:PORT at /mcp; `sse` serves the older
HTTP+SSE transport on 127.0.0.1:PORT (stream at /sse, posts to /messages/). Over HTTP it prints one line
`listening PORT` to stdout once uvicorn accepts connections, so a test waits on that line, not on a sleep.

Built on the SDK's high-level server: in mcp 2.x FastMCP is called MCPServer (mcp.server.mcpserver).

Environment: SCRIPTED_LOG names a file that gets a line `cancelled slow` when a `slow` call is cancelled;
SCRIPTED_GREETING is what `whoami` reports (with the working directory), so a test sees env and cwd arrive.
"""

import asyncio
import os
import subprocess
import socket
import sys

from mcp.server.lowlevel import NotificationOptions
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

# Written at start-up (after about a second of SDK imports), so a test can check that the server's stderr
# lands in natter's log file.
print("scripted server starting", file=sys.stderr, flush=True)

server = MCPServer("scripted", version="1.0.0")

# MCPServer advertises `tools.listChanged: false` unless told otherwise, and a client may rightly ignore
# list_changed from a server that did not declare it. Every transport builds its initialize answer through
# this method of the low-level server, so wrapping it once covers stdio, Streamable HTTP and SSE alike.
_lowlevel = server._lowlevel_server
_plain_options = _lowlevel.create_initialization_options


def _options_with_list_changed(notification_options=None, *args, **kwargs):
    return _plain_options(notification_options or NotificationOptions(tools_changed=True), *args, **kwargs)


_lowlevel.create_initialization_options = _options_with_list_changed


@server.tool()
def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


@server.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@server.tool()
async def slow(seconds: float) -> str:
    """Sleep for the given number of seconds, then say so. Cancellable."""
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        # The test's evidence that notifications/cancelled reached the server and stopped the call.
        log = os.environ.get("SCRIPTED_LOG")
        if log:
            with open(log, "a") as f:
                f.write("cancelled slow\n")
        raise
    return f"slept {seconds:g}"


@server.tool()
def fail(message: str):
    """Raise an error with the given message (the result comes back with isError true)."""
    # ToolError, not any exception: mcp 2.x hides the text of other exceptions ("Error executing tool
    # fail" alone); a ToolError's reaches the client as "Error executing tool fail: MESSAGE".
    raise ToolError(message)


@server.tool()
def crash():
    """Exit the server process at once, without answering."""
    os._exit(3)


@server.tool()
def huge(kilobytes: int) -> str:
    """Return that many KiB of numbered lines ("line 000001 ..."), so the end of a large result can be checked."""
    # 16 lines of 64 bytes make a KiB; the last line's number tells how much arrived.
    return "".join(f"line {n:06d} " + "." * 51 + "\n" for n in range(1, kilobytes * 16 + 1))


@server.tool()
def hostile() -> str:
    """Return text full of terminal escape sequences and control characters."""
    return (
        "\x1b[2J\x1b]0;pwned\x07\x1b[31mred\x1b[0m\rover\x08 and \x1b]52;c;ZXZpbA==\x07"
        " This sentence is ordinary."
    )


@server.tool()
async def add_tool(name: str, ctx: Context) -> str:
    """Register a new tool with the given name (it answers "added NAME") and tell the client the list changed."""

    def added() -> str:
        return f"added {name}"

    server.add_tool(added, name=name, description=f"Added at run time by add_tool; answers \"added {name}\".")
    # Handshake-era sessions (2025-11-25 and before) get notifications/tools/list_changed on the session;
    # 2026-07-28 clients hear of it on a subscriptions/listen stream, through the bus.
    await ctx.notify_tools_changed()
    if ctx.protocol_version not in MODERN_PROTOCOL_VERSIONS:
        await ctx.session.send_tool_list_changed()
    return f"added {name}"


@server.tool()
async def ping_client(ctx: Context) -> str:
    """Ping the client and say whether it answered (a client must answer a server's ping)."""
    await asyncio.wait_for(ctx.session.send_ping(), timeout=5)
    return "the client answered the ping"


@server.tool()
async def ask_roots(ctx: Context) -> str:
    """Ask the client for its roots, which natter does not offer: report how the client refused."""
    try:
        await asyncio.wait_for(ctx.session.list_roots(), timeout=5)
    except asyncio.TimeoutError:
        return "the client never answered"
    except Exception as error:  # the client's JSON-RPC error, as the SDK raises it
        return f"refused: {error}"
    return "the client gave roots"


@server.tool()
def child() -> str:
    """Starts a long `sleep` child of this server and returns its process id (stopping the server must stop it too)."""
    spawned = subprocess.Popen(["sleep", "300"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return str(spawned.pid)


@server.tool()
def getenv(name: str) -> str:
    """The value of one environment variable, or "unset" (a test checks what a server is given)."""
    return os.environ.get(name, "unset")


@server.tool()
def whoami() -> str:
    """Report SCRIPTED_GREETING from the environment and the working directory."""
    return f"greeting={os.environ.get('SCRIPTED_GREETING', 'none')} cwd={os.getcwd()}"


async def serve_http(app, port: int) -> None:
    import uvicorn

    # Bound here rather than by uvicorn, so a port in use fails at once with one clear line (uvicorn would
    # run the app's startup first and end in a SystemExit from inside its task).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as error:
        print(f"scripted server: cannot bind 127.0.0.1:{port}: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
    http = uvicorn.Server(uvicorn.Config(app, log_level="info"))
    task = asyncio.create_task(http.serve(sockets=[sock]))
    # `started` turns true once uvicorn has run the app's startup (the Streamable HTTP session manager) and
    # listens on the socket: only then is `listening PORT` true.
    while not http.started:
        if task.done():
            await task
            sys.exit(1)
        await asyncio.sleep(0.01)
    print(f"listening {port}", flush=True)
    await task


def main(argv: list[str]) -> None:
    mode = argv[0] if argv else "stdio"
    if mode == "stdio" and len(argv) <= 1:
        server.run("stdio")
    elif mode == "http" and len(argv) == 2:
        asyncio.run(serve_http(server.streamable_http_app(streamable_http_path="/mcp"), int(argv[1])))
    elif mode == "sse" and len(argv) == 2:
        asyncio.run(serve_http(server.sse_app(sse_path="/sse"), int(argv[1])))
    else:
        print("usage: scripted_server.py [stdio | http PORT | sse PORT]", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
