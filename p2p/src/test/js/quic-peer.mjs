// A js-libp2p peer on QUIC for the Java interop tests (QuicInteropIT, QuicTransportInteropIT), driven over
// stdin/stdout, one JSON object per line (json-lines.mjs). It listens on a loopback QUIC address and serves identify,
// ping and the echo protocol. Commands: dial, ping, identify, echo, peers. Each reports what it observed; the Java
// side asserts it.
import { createLibp2p } from 'libp2p'
import { quic } from '@chainsafe/libp2p-quic'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'
import { BACKGROUND_TIMEOUT_MS, conditions, serve } from './json-lines.mjs'
import { ECHO, STREAM_LIMITS, echoHandler, echoOnce, pingOnce } from './streams.mjs'

const listen = process.argv[2] ?? '/ip4/127.0.0.1/udp/0/quic-v1'

const node = await createLibp2p({
  addresses: { listen: [listen] },
  transports: [quic()],
  services: { identify: identify({ timeout: BACKGROUND_TIMEOUT_MS }), ping: ping() }
})

// js identifies every new connection by itself; the identify command reports that result instead of opening a
// second identify stream, which js refuses while its own is running.
const identified = new Map()
const events = conditions()
node.addEventListener('peer:identify', (evt) => {
  const result = evt.detail
  identified.set(result.peerId.toString(), {
    peer: result.peerId.toString(),
    protocols: result.protocols,
    listenAddrs: result.listenAddrs.map(a => a.toString()),
    observedAddr: result.observedAddr?.toString() ?? null
  })
  events.changed()
})

await node.handle(ECHO, echoHandler, STREAM_LIMITS)

const commands = {
  async dial ({ addr }, signal) {
    const connection = await node.dial(multiaddr(addr), { signal })
    return { remotePeer: connection.remotePeer.toString() }
  },
  async ping ({ addr }, signal) {
    const connection = await node.dial(multiaddr(addr), { signal })
    return await pingOnce(protocol => connection.newStream(protocol, { signal, ...STREAM_LIMITS }))
  },
  // What identify told js about the peer at `addr`, once js has identified it.
  async identify ({ addr }, signal) {
    const connection = await node.dial(multiaddr(addr), { signal })
    const peer = connection.remotePeer.toString()
    return await events.until(() => identified.get(peer), signal)
  },
  // `streams` concurrent echoes of `size` bytes on one connection.
  async echo ({ addr, size, streams }, signal) {
    const connection = await node.dial(multiaddr(addr), { signal })
    const open = protocol => connection.newStream(protocol, { signal, ...STREAM_LIMITS })
    return { streams: await Promise.all(Array.from({ length: streams }, () => echoOnce(open, size))) }
  },
  async peers () {
    return { peers: node.getConnections().map(c => c.remotePeer.toString()) }
  }
}

serve(node, commands)
