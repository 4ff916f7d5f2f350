// A js-libp2p peer on QUIC for the Java interop tests (QuicInteropIT). It listens on a loopback QUIC address, serves
// identify, ping and the echo protocol, prints one JSON line {"event":"ready",...} and then answers JSON commands,
// one per stdin line, with one JSON line each: {"id":..,"ok":true,...} or {"id":..,"ok":false,"error":".."}.
import { createLibp2p } from 'libp2p'
import { quic } from '@chainsafe/libp2p-quic'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { serve } from './json-lines.mjs'

const ECHO = '/rvnt/echo/1.0.0'
const STREAM_LIMITS = { maxInboundStreams: 256, maxOutboundStreams: 256 }
const listen = process.argv[2] ?? '/ip4/127.0.0.1/udp/0/quic-v1'

const node = await createLibp2p({
  addresses: { listen: [listen] },
  transports: [quic()],
  services: { identify: identify(), ping: ping() }
})

// js identifies every new connection by itself; the identify command reports that result instead of opening a
// second identify stream, which js refuses while its own is running.
const identified = new Map()
const identifyWaiters = new Set()
node.addEventListener('peer:identify', (evt) => {
  const result = evt.detail
  identified.set(result.peerId.toString(), {
    peer: result.peerId.toString(),
    protocols: result.protocols,
    listenAddrs: result.listenAddrs.map(a => a.toString()),
    observedAddr: result.observedAddr?.toString() ?? null
  })
  for (const waiter of identifyWaiters) waiter()
})

function identifiedPeer (peer) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const result = identified.get(peer)
      if (result != null) {
        identifyWaiters.delete(check)
        clearTimeout(timer)
        resolve(result)
      }
    }
    const timer = setTimeout(() => {
      identifyWaiters.delete(check)
      reject(new Error('no identify result within 20 s'))
    }, 20_000)
    identifyWaiters.add(check)
    check()
  })
}

await node.handle(ECHO, async (stream) => {
  try {
    for await (const chunk of stream) {
      if (!stream.send(chunk)) {
        await stream.onDrain()
      }
    }
    await stream.close()
  } catch (err) {
    stream.abort(err)
  }
}, STREAM_LIMITS)

function payload (size, seed) {
  const bytes = new Uint8Array(size)
  let x = (seed * 2654435761) >>> 0
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    bytes[i] = x >>> 24
  }
  return bytes
}

async function echoOnce (connection, size, seed) {
  const stream = await connection.newStream(ECHO, STREAM_LIMITS)
  const sent = payload(size, seed)
  const reading = (async () => {
    const received = new Uint8Array(size)
    let offset = 0
    for await (const chunk of stream) {
      const bytes = chunk.subarray()
      if (offset + bytes.length > size) throw new Error('echo returned more bytes than sent')
      received.set(bytes, offset)
      offset += bytes.length
    }
    if (offset !== size) throw new Error(`echo returned ${offset} of ${size} bytes`)
    for (let i = 0; i < size; i++) {
      if (received[i] !== sent[i]) throw new Error(`echo differs at byte ${i}`)
    }
  })()
  const chunkSize = 64 * 1024
  for (let offset = 0; offset < size; offset += chunkSize) {
    if (!stream.send(sent.subarray(offset, Math.min(size, offset + chunkSize)))) {
      await stream.onDrain()
    }
  }
  await stream.close()
  await reading
}

async function run (command) {
  switch (command.op) {
    case 'dial': {
      const connection = await node.dial(multiaddr(command.addr), { signal: AbortSignal.timeout(10_000) })
      return { remotePeer: connection.remotePeer.toString() }
    }
    case 'ping': {
      const rtt = await node.services.ping.ping(multiaddr(command.addr), { signal: AbortSignal.timeout(10_000) })
      return { rtt }
    }
    case 'identify': {
      const connection = await node.dial(multiaddr(command.addr), { signal: AbortSignal.timeout(10_000) })
      return await identifiedPeer(connection.remotePeer.toString())
    }
    case 'peerInfo': {
      const peer = await node.peerStore.get(peerIdFromString(command.peer))
      return { protocols: peer.protocols, addrs: peer.addresses.map(a => a.multiaddr.toString()) }
    }
    case 'echo': {
      const connection = await node.dial(multiaddr(command.addr), { signal: AbortSignal.timeout(10_000) })
      const streams = []
      for (let i = 0; i < command.streams; i++) streams.push(echoOnce(connection, command.size, i + 1))
      await Promise.all(streams)
      return { bytes: command.size * command.streams }
    }
    case 'connections':
      return { peers: node.getConnections().map(c => c.remotePeer.toString()) }
    case 'stop':
      await node.stop()
      setImmediate(() => process.exit(0))
      return {}
    default:
      throw new Error('unknown op ' + command.op)
  }
}

serve(node, run)
