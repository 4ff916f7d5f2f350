// js-libp2p QUIC figures for BENCHMARKS.md, the js side of bench/p2p/quic (same modes as QuicBenchmark.java):
//   handshakes N CONCURRENCY | throughput MIB | idle-server | idle-client ADDRESS N
import { createLibp2p } from 'libp2p'
import { quic } from '@chainsafe/libp2p-quic'
import { multiaddr } from '@multiformats/multiaddr'
import readline from 'node:readline'

const SINK = '/rvnt/sink/1.0.0'
const LIMITS = { maxInboundStreams: 1024, maxOutboundStreams: 1024 }

async function node (listen = true) {
  return createLibp2p({
    addresses: { listen: listen ? ['/ip4/127.0.0.1/udp/0/quic-v1'] : [] },
    transports: [quic({ maxIdleTimeout: 300_000 })],
    // No per-host inbound rate limit: every connection of the benchmark comes from loopback.
    connectionManager: { maxConnections: 4096, maxIncomingPendingConnections: 4096, inboundConnectionThreshold: 1_000_000 }
  })
}

async function handshakes (count, concurrency) {
  const server = await node()
  let accepted = 0
  server.addEventListener('connection:open', (evt) => {
    if (evt.detail.direction === 'inbound') accepted++
  })
  // One client node per worker: js-libp2p's dial queue joins a dial to a peer that another dial to it has under way,
  // `force` or not (DialQueue.dial, libp2p 3.3), so workers sharing one node would open one connection for several
  // dials and count each of them as a handshake.
  const clients = await Promise.all(Array.from({ length: concurrency }, () => node(false)))
  const address = server.getMultiaddrs()[0]
  const run = async (n) => {
    let next = 0
    const worker = async (client) => {
      while (next++ < n) {
        const connection = await client.dial(address, { force: true })
        await connection.close()
      }
    }
    await Promise.all(clients.map(worker))
  }
  const warmUp = Math.min(200, count)
  await run(warmUp)
  const start = process.hrtime.bigint()
  await run(count)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  // Every dial, warm-up included, must be a connection of its own; the server may finish its side of the last
  // handshakes just after the clients have counted them.
  for (let wait = 0; accepted < warmUp + count && wait < 100; wait++) {
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  if (accepted !== warmUp + count) {
    throw new Error(`the server accepted ${accepted} connections for ${warmUp + count} dials`)
  }
  console.log(`js quic handshakes: ${count} in ${seconds.toFixed(2)} s, ${(count / seconds).toFixed(0)}/s (concurrency ${concurrency})`)
  await Promise.all(clients.map(client => client.stop()))
  await server.stop()
}

async function throughput (mebibytes) {
  const server = await node()
  const client = await node(false)
  await server.handle(SINK, async (stream) => {
    for await (const chunk of stream) { void chunk }
    await stream.close()
  }, LIMITS)
  const connection = await client.dial(server.getMultiaddrs()[0])
  const chunk = new Uint8Array(64 * 1024)
  const send = async (mib) => {
    const stream = await connection.newStream(SINK, LIMITS)
    for (let i = 0; i < mib * 16; i++) {
      if (!stream.send(chunk)) await stream.onDrain()
    }
    await stream.close()
    for await (const rest of stream) { void rest }
  }
  await send(64)
  const start = process.hrtime.bigint()
  await send(mebibytes)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  console.log(`js quic one-stream throughput: ${mebibytes} MiB in ${seconds.toFixed(2)} s, ${((mebibytes * 1048576) / seconds / 1e6).toFixed(1)} MB/s`)
  await client.stop()
  await server.stop()
}

async function idleServer () {
  const server = await node()
  console.log('address ' + server.getMultiaddrs()[0].toString())
  readline.createInterface({ input: process.stdin }).on('line', () => {
    if (global.gc) global.gc()
    const memory = process.memoryUsage()
    console.log(`memory ${memory.rss} ${memory.heapUsed} connections ${server.getConnections().length}`)
  }).on('close', () => server.stop().finally(() => process.exit(0)))
}

async function idleClient (address, count) {
  // One dialing node per connection: js keeps one connection per peer, so a single node cannot hold many.
  const target = multiaddr(address)
  const clients = []
  let next = 0
  const worker = async () => {
    while (next++ < count) {
      const client = await node(false)
      clients.push(client)
      await client.dial(target)
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  console.log(`connected ${clients.length}`)
  process.stdin.resume()
  process.stdin.on('end', () => Promise.all(clients.map(c => c.stop())).finally(() => process.exit(0)))
}

const [mode, a, b] = process.argv.slice(2)
if (mode === 'handshakes') await handshakes(Number(a), Number(b))
else if (mode === 'throughput') await throughput(Number(a))
else if (mode === 'idle-server') await idleServer()
else if (mode === 'idle-client') await idleClient(a, Number(b))
else throw new Error('unknown mode ' + mode)
