// A js-libp2p peer driven by the Java interop tests over stdin/stdout, one JSON object per line.
// Commands (json-lines.mjs): {"id":n,"cmd":"dial"|"ping"|"identify"|"echo"|"peers"|"handle"|"stop", ...}.
import { createHash, randomBytes } from 'node:crypto'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { serve } from './json-lines.mjs'

const ECHO = '/rvnt/echo/1.0.0'
const SINK = '/rvnt/sink/1.0.0'
const STREAM_LIMITS = { maxInboundStreams: 256, maxOutboundStreams: 256 }

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  // Loopback benchmarks open a thousand connections from one address; js's defaults would refuse most of them.
  connectionManager: { maxConnections: 5000, inboundConnectionThreshold: 100000, maxIncomingPendingConnections: 1000 },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), identifyPush: identifyPush(), ping: ping() }
})

const identified = new Map()
const waiters = new Set()
function changed () {
  for (const w of waiters) w()
}
node.addEventListener('peer:identify', (evt) => {
  const d = evt.detail
  const previous = identified.get(d.peerId.toString())
  identified.set(d.peerId.toString(), {
    protocols: d.protocols ?? previous?.protocols ?? [],
    listenAddrs: (d.listenAddrs ?? []).map(a => a.toString()),
    agentVersion: d.agentVersion ?? previous?.agentVersion ?? ''
  })
  changed()
})
node.addEventListener('connection:open', changed)

// Resolves once check() returns a value, re-checking on every identify or connection event; rejects after 20 s.
function waitFor (check, what) {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const value = check()
      if (value != null) {
        waiters.delete(attempt)
        clearTimeout(timer)
        resolve(value)
      }
    }
    const timer = setTimeout(() => { waiters.delete(attempt); reject(new Error('timed out waiting for ' + what)) }, 20000)
    waiters.add(attempt)
    attempt()
  })
}

async function echoHandler (stream) {
  for await (const chunk of stream) {
    if (!stream.send(chunk)) {
      await stream.onDrain()
    }
  }
  await stream.close()
}
await node.handle(ECHO, echoHandler, STREAM_LIMITS)
await node.handle(SINK, async (stream) => {
  for await (const chunk of stream) { } // eslint-disable-line no-unused-vars
  await stream.close()
}, STREAM_LIMITS)

const idle = []

async function echoOnce (addr, size) {
  const payload = randomBytes(size)
  const stream = await node.dialProtocol(multiaddr(addr), ECHO, STREAM_LIMITS)
  const hash = createHash('sha256')
  const reading = (async () => {
    for await (const chunk of stream) {
      hash.update(chunk.subarray())
    }
  })()
  for (let offset = 0; offset < size; offset += 65536) {
    if (!stream.send(payload.subarray(offset, Math.min(size, offset + 65536)))) {
      await stream.onDrain()
    }
  }
  await stream.close()
  await reading
  const expected = createHash('sha256').update(payload).digest('hex')
  const actual = hash.digest('hex')
  if (expected !== actual) {
    throw new Error('echo came back different')
  }
}

const commands = {
  async dial ({ addr }) {
    const connection = await node.dial(multiaddr(addr))
    return { remotePeer: connection.remotePeer.toString() }
  },
  async ping ({ addr }) {
    return { rtt: await node.services.ping.ping(multiaddr(addr)) }
  },
  async identify ({ peer, protocol }) {
    return await waitFor(() => {
      const info = identified.get(peer)
      return info != null && (protocol == null || info.protocols.includes(protocol)) ? info : null
    }, 'identify')
  },
  async connected ({ peer }) {
    await waitFor(() => node.getConnections().some(c => c.remotePeer.toString() === peer) ? true : null, 'connection')
    return {}
  },
  async echo ({ addr, size, streams }) {
    await Promise.all(Array.from({ length: streams }, () => echoOnce(addr, size)))
    return {}
  },
  async peers () {
    return { peers: node.getConnections().map(c => c.remotePeer.toString()) }
  },
  async handle ({ protocol }) {
    await node.handle(protocol, echoHandler, STREAM_LIMITS)
    return {}
  },
  async hangup ({ peer }) {
    await node.hangUp(peerIdFromString(peer))
    return {}
  },
  // Benchmarks (bench/p2p-bench.sh): timings are measured here, in the js process.
  async dialMany ({ addr, count, concurrency }) {
    const target = multiaddr(addr)
    const started = process.hrtime.bigint()
    let next = 0
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const connection = await node.dial(target, { force: true })
        // Closing at once can race js's own identify stream on the new connection; that is not a failed handshake.
        await connection.close().catch(() => connection.abort(new Error('closed by the benchmark')))
      }
    }))
    return { ms: Number(process.hrtime.bigint() - started) / 1e6 }
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
    return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers, connections: node.getConnections().length }
  },
  async stop () {
    await node.stop()
    setTimeout(() => process.exit(0), 10)
    return {}
  }
}

serve(node, command => {
  if (typeof commands[command.cmd] !== 'function') throw new Error('unknown cmd ' + command.cmd)
  return commands[command.cmd](command)
})
