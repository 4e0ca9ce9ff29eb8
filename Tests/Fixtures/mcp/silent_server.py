"""An MCP server that never answers: it reads stdin (initialize included) and says nothing, for natter's
tests of a server that hangs at startup. It exits when stdin closes. Plain Python, no mcp import."""

import sys

print("silent server starting", file=sys.stderr, flush=True)
while sys.stdin.buffer.read1(65536):
    pass
