#!/usr/bin/python3
"""Minimal ivshmem server for one QEMU ivshmem-doorbell client.

usage: ivshmem-server.py SOCKET VECTORS

Debian does not ship QEMU's ivshmem-server. This one follows the protocol
of QEMU's docs/specs/ivshmem-spec.rst for a single peer: protocol version
0, the client's id, the shared memory fd, then one eventfd per vector of
the client itself. A guest ringing its own doorbell then raises its own
MSI-X vector, which the dynamic MSI-X checks use. Serves one connection,
then exits when QEMU hangs up.
"""
import os
import socket
import struct
import sys

PEER_ID = 0
SHM_SIZE = 1 << 20


def send(conn, value, fd=None):
    data = struct.pack("<q", value)
    if fd is None:
        conn.sendall(data)
    else:
        socket.send_fds(conn, [data], [fd])


def main():
    path, vectors = sys.argv[1], int(sys.argv[2])
    if os.path.exists(path):
        os.unlink(path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    print("ready", flush=True)
    conn, _ = srv.accept()
    shm = os.memfd_create("ivshmem")
    os.ftruncate(shm, SHM_SIZE)
    send(conn, 0)
    send(conn, PEER_ID)
    send(conn, -1, shm)
    fds = [os.eventfd(0) for _ in range(vectors)]
    for fd in fds:
        send(conn, PEER_ID, fd)
    conn.recv(1)
    os.unlink(path)


if __name__ == "__main__":
    main()
