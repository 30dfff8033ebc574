# Streams on loopback: start_server, open_connection, readline/readexactly/
# read, write/drain, write_eof, async for over lines, close/wait_closed.
import asyncio


async def handle(reader, writer):
    peer = writer.get_extra_info('peername')
    line = await reader.readline()
    writer.write(b"echo: " + line)
    await writer.drain()
    head = await reader.readexactly(4)
    writer.write(b"got " + head + b"\n")
    rest = await reader.read()
    writer.write(b"rest " + str(len(rest)).encode() + b"\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    print("server saw a peer on", peer[0])


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()
    print("listening on", host, port > 0)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello\n")
    await writer.drain()
    print(await reader.readline())
    writer.write(b"abcd")
    writer.write(b"x" * 100000)
    await writer.drain()
    writer.write_eof()
    lines = []
    async for line in reader:
        lines.append(line)
    print(lines)
    print(reader.at_eof())
    writer.close()
    await writer.wait_closed()

    clients = []

    async def upper(r, w):
        data = await r.readline()
        w.write(data.decode().upper().encode())
        await w.drain()
        w.close()

    srv2 = await asyncio.start_server(upper, "127.0.0.1", 0)
    port2 = srv2.sockets[0].getsockname()[1]

    async def client(word):
        r, w = await asyncio.open_connection("127.0.0.1", port2)
        w.write(word.encode() + b"\n")
        res = await r.read()
        w.close()
        return res

    print(await asyncio.gather(*[client(w) for w in ["alpha", "beta", "gamma"]]))
    srv2.close()
    await srv2.wait_closed()
    server.close()
    await server.wait_closed()
    try:
        await asyncio.open_connection("127.0.0.1", port2)
    except OSError:
        print("refused after close")


asyncio.run(main())
