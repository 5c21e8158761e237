#!/usr/bin/env python3
"""A byte-counting TCP proxy on loopback, for scripts/bench-sync.sh.

    bench-sync-proxy.py UPSTREAM_PORT PORT_FILE

Listens on 127.0.0.1 on a free port and forwards every connection to 127.0.0.1:UPSTREAM_PORT,
counting the bytes each way: TCP payload, that is HTTP request and response lines, headers
and bodies (not the IP and TCP headers). A second port answers "take" with the totals since
the last "take" as JSON ({"up": client-to-server bytes, "down": server-to-client bytes,
"connections": N}) and starts again from zero. It writes "PROXY_PORT CONTROL_PORT" to
PORT_FILE once both listen. A connection's bytes are counted as they arrive, before they are
passed on, so once the client process has exited every byte it sent or received is counted.
"""

import json
import os
import socket
import sys
import threading

upstream_port = int(sys.argv[1])
port_file = sys.argv[2]

lock = threading.Lock()
totals = {"up": 0, "down": 0, "connections": 0}


def pump(src, dst, key):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            with lock:
                totals[key] += len(data)
            dst.sendall(data)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def handle(client):
    with lock:
        totals["connections"] += 1
    server = socket.create_connection(("127.0.0.1", upstream_port))
    for s in (client, server):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    up = threading.Thread(target=pump, args=(client, server, "up"), daemon=True)
    up.start()
    pump(server, client, "down")
    up.join()
    client.close()
    server.close()


def serve(listener, target):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=target, args=(conn,), daemon=True).start()


def control(conn):
    with conn:
        if conn.makefile().readline().strip() == "take":
            with lock:
                answer = dict(totals)
                totals.update(up=0, down=0, connections=0)
            conn.sendall((json.dumps(answer) + "\n").encode())


def listen():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    return s


data, ctl = listen(), listen()
threading.Thread(target=serve, args=(ctl, control), daemon=True).start()
with open(port_file + ".tmp", "w") as f:
    f.write(f"{data.getsockname()[1]} {ctl.getsockname()[1]}\n")
os.replace(port_file + ".tmp", port_file)
serve(data, handle)
