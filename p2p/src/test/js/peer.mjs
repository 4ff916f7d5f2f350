// A js-libp2p peer driven by the Java interop tests (TcpInteropIT) and the p2p benchmark over stdin/stdout, one JSON
// object per line (json-lines.mjs). Commands: dial, ping, identify, echo, peers, handle, and the benchmark's dialMany,
// sendSink, openIdle, closeIdle, memory. Each reports what it observed; the Java side asserts it.
import { randomBytes } from 'node:crypto'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { BACKGROUND_TIMEOUT_MS, conditions, serve } from './json-lines.mjs'
import { ECHO, STREAM_LIMITS, echoHandler, echoOnce, pingOnce } from './streams.mjs'

const SINK = '/rvnt/sink/1.0.0'

// A node with this peer's transports, encrypters, muxers and services; `listen` addresses (none for a dialer).
function createNode (listen) {
  return createLibp2p({
    addresses: { listen },
    // Loopback benchmarks open a thousand connections from one address; js's defaults would refuse most of them.
    connectionManager: { maxConnections: 5000, inboundConnectionThreshold: 100000, maxIncomingPendingConnections: 1000 },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify({ timeout: BACKGROUND_TIMEOUT_MS }), identifyPush: identifyPush(), ping: ping() }
  })
}

const node = await createNode(['/ip4/127.0.0.1/tcp/0'])

// Inbound connections accepted since start, so that a benchmark can check that each handshake it counts was one.
let accepted = 0
node.addEventListener('connection:open', (evt) => {
  if (evt.detail.direction === 'inbound') accepted++
})

const identified = new Map()
const events = conditions()
node.addEventListener('peer:identify', (evt) => {
  const d = evt.detail
  const previous = identified.get(d.peerId.toString())
  identified.set(d.peerId.toString(), {
    protocols: d.protocols ?? previous?.protocols ?? [],
    listenAddrs: (d.listenAddrs ?? []).map(a => a.toString()),
    agentVersion: d.agentVersion ?? previous?.agentVersion ?? ''
  })
  events.changed()
})

await node.handle(ECHO, echoHandler, STREAM_LIMITS)
await node.handle(SINK, async (stream) => {
  for await (const chunk of stream) { } // eslint-disable-line no-unused-vars
  await stream.close()
}, STREAM_LIMITS)

const idle = []

// Opens a stream of `protocol` to `addr` (reusing the connection there), aborted with the command's deadline.
function opener (addr, signal) {
  return (protocol) => node.dialProtocol(multiaddr(addr), protocol, { signal, ...STREAM_LIMITS })
}

const commands = {
  async dial ({ addr }, signal) {
    const connection = await node.dial(multiaddr(addr), { signal })
    return { remotePeer: connection.remotePeer.toString() }
  },
  async ping ({ addr }, signal) {
    return await pingOnce(opener(addr, signal))
  },
  // What identify told js about `peer`, once it lists `protocol` (when given).
  async identify ({ peer, protocol }, signal) {
    return await events.until(() => {
      const info = identified.get(peer)
      return info != null && (protocol == null || info.protocols.includes(protocol)) ? info : null
    }, signal)
  },
  async echo ({ addr, size, streams }, signal) {
    const open = opener(addr, signal)
    return { streams: await Promise.all(Array.from({ length: streams }, () => echoOnce(open, size))) }
  },
  async peers () {
    return { peers: node.getConnections().map(c => c.remotePeer.toString()) }
  },
  async handle ({ protocol }) {
    await node.handle(protocol, echoHandler, STREAM_LIMITS)
    return {}
  },
  // Benchmarks (bench/p2p/run): timings are measured here, in the js process.
  // `count` connections, `concurrency` at a time, each worker from a node of its own: js-libp2p's dial queue joins
  // a dial to a peer that another dial to it has under way, `force` or not (DialQueue.dial, libp2p 3.3), so workers
  // sharing one node would open one connection per `concurrency` dials and count each of them as a handshake.
  async dialMany ({ addr, count, concurrency }) {
    const target = multiaddr(addr)
    const dialers = await Promise.all(Array.from({ length: concurrency }, () => createNode([])))
    try {
      const started = process.hrtime.bigint()
      let next = 0
      await Promise.all(dialers.map(async (dialer) => {
        while (next++ < count) {
          const connection = await dialer.dial(target, { force: true })
          // Closing at once can race js's own identify stream on the new connection; that is not a failed handshake.
          await connection.close().catch(() => connection.abort(new Error('closed by the benchmark')))
        }
      }))
      return { ms: Number(process.hrtime.bigint() - started) / 1e6 }
    } finally {
      await Promise.all(dialers.map(dialer => dialer.stop()))
    }
  },
  async sendSink ({ addr, bytes }) {
    const chunk = randomBytes(65536)
    const started = process.hrtime.bigint()
    const stream = await node.dialProtocol(multiaddr(addr), SINK, STREAM_LIMITS)
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      if (!stream.send(chunk)) {
        await stream.onDrain()
      }
    }
    await stream.close()
    for await (const c of stream) { } // eslint-disable-line no-unused-vars
    return { ms: Number(process.hrtime.bigint() - started) / 1e6 }
  },
  async openIdle ({ addr, count }) {
    const target = multiaddr(addr)
    for (let i = 0; i < count; i++) {
      idle.push(await node.dial(target, { force: true }))
    }
    return { open: idle.length }
  },
  async closeIdle () {
    await Promise.all(idle.splice(0).map(c => c.close()))
    return {}
  },
  async memory () {
    if (typeof globalThis.gc === 'function') {
      globalThis.gc()
    }
    const m = process.memoryUsage()
    return {
      rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers, connections: node.getConnections().length, accepted
    }
  }
}

serve(node, commands)
