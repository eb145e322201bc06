"""A loopback TCP proxy that counts the bytes crossing it, both ways, for bench/dav.sh.

    python3 bench/dav_proxy.py LISTEN_PORT TARGET_PORT COUNTER_FILE

After each connection closes, the running total is written to COUNTER_FILE. The Host
header is rewritten to the target's port, as `warmline serve` answers only at its own
address.
"""

import asyncio
import sys

listen, target, counter = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
total = 0


async def pipe(reader, writer, rewrite=False):
    global total
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            total += len(data)
            if rewrite:
                data = data.replace(
                    b"Host: 127.0.0.1:%d" % listen, b"Host: 127.0.0.1:%d" % target
                ).replace(b"host: 127.0.0.1:%d" % listen, b"host: 127.0.0.1:%d" % target)
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def handle(client_reader, client_writer):
    server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
    await asyncio.gather(pipe(client_reader, server_writer, True), pipe(server_reader, client_writer))
    with open(counter, "w") as f:
        f.write(str(total))


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", listen)
    async with server:
        await server.serve_forever()


asyncio.run(main())
