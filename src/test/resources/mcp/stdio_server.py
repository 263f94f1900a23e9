"""A tiny MCP server over stdio (newline-delimited JSON-RPC 2.0) for Toka's tests.

Tools: `echo` answers its text; `sandbox` tells where it runs (hostname, uid, whether the service's
files are visible), so a test can see that it runs inside the process sandbox.
"""
import json
import os
import socket
import sys

TOOLS = [
    {"name": "echo", "description": "Answers the text it is given",
     "inputSchema": {"type": "object", "required": ["text"],
                     "properties": {"text": {"type": "string", "maxLength": 100}}}},
    {"name": "sandbox", "description": "Tells where the server runs",
     "inputSchema": {"type": "object", "properties": {}}},
]


def answer(request_id, result):
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": request_id, "result": result}) + "\n")
    sys.stdout.flush()


def text(value, is_error=False):
    return {"content": [{"type": "text", "text": value}], "isError": is_error}


def call(name, arguments):
    if name == "echo":
        return text(arguments["text"])
    if name == "sandbox":
        return text(json.dumps({"hostname": socket.gethostname(), "uid": os.getuid(),
                                "cwd": os.getcwd(), "seesRoot": os.path.exists("/root"),
                                "environment": sorted(os.environ)}))
    return text("no tool " + name, True)


for line in sys.stdin:
    message = json.loads(line)
    method = message.get("method")
    if "id" not in message:
        continue  # a notification
    if method == "initialize":
        answer(message["id"], {"protocolVersion": message["params"]["protocolVersion"],
                               "capabilities": {"tools": {}},
                               "serverInfo": {"name": "toka-test", "version": "1"}})
    elif method == "tools/list":
        answer(message["id"], {"tools": TOOLS})
    elif method == "tools/call":
        answer(message["id"], call(message["params"]["name"], message["params"].get("arguments") or {}))
    elif method == "ping":
        answer(message["id"], {})
    else:
        sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": message["id"],
                                     "error": {"code": -32601, "message": "no method " + method}}) + "\n")
        sys.stdout.flush()
