// A js-libp2p node running @libp2p/kad-dht on RVNT's protocol id, for the Java DHT interop tests (dht module,
// JsDhtPeer) and the DHT benchmark. It listens on a loopback TCP address and is driven over stdin/stdout, one JSON
// object per line (json-lines.mjs). Commands: dial, findPeer, getClosestPeers, put, get, raw, routingTable,
// awaitRoutingTable. Each reports what it observed; the Java side asserts it.
// Records of the namespace /test/ are accepted up to 1 KiB (the Java side registers the same rule). Each argument
// `--accept-namespace NS` makes this node take any record of /NS/ as valid: the Java node under test is the one that
// checks them (the bootstrap node's zero-logging test passes rvnt-presence).
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { BACKGROUND_TIMEOUT_MS, serve, conditions } from './json-lines.mjs'

const PROTOCOL = process.env.RVNT_KAD_PROTOCOL ?? '/rvnt/kad/1.0.0'

const validators = {
  test: async (key, value) => {
    if (value.length > 1024) throw new Error('test record above 1 KiB')
  }
}
const selectors = { test: () => 0 }
process.argv.slice(2).forEach((arg, i, args) => {
  if (arg === '--accept-namespace') {
    validators[args[i + 1]] = async () => {}
    selectors[args[i + 1]] = () => 0
  }
})

const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  // The benchmark opens hundreds of connections at once: lift js-libp2p's inbound rate and pending limits (5/s
  // and 10 by default), as the Java node has none of that kind.
  connectionManager: { maxConnections: 20_000, inboundConnectionThreshold: 100_000, maxIncomingPendingConnections: 1_000 },
  services: {
    identify: identify({ timeout: BACKGROUND_TIMEOUT_MS }),
    ping: ping(),
    dht: kadDHT({
      protocol: PROTOCOL,
      clientMode: false,
      // Loopback addresses are dropped by the default mapper.
      peerInfoMapper: passthroughMapper,
      validators,
      selectors,
      maxInboundStreams: 4096
    })
  }
})

const table = conditions()
node.addEventListener('peer:identify', () => table.changed())
node.services.dht.routingTable.addEventListener?.('peer:add', () => table.changed())

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const unhex = (text) => new Uint8Array(Buffer.from(text, 'hex'))

const commands = {
  async dial ({ addr }, signal) {
    const connection = await node.dial(multiaddr(addr), { signal })
    return { remotePeer: connection.remotePeer.toString() }
  },
  async findPeer ({ peer }, signal) {
    const info = await node.peerRouting.findPeer(peerIdFromString(peer), { signal, useCache: false })
    return { peer: info.id.toString(), addrs: info.multiaddrs.map(a => a.toString()) }
  },
  async getClosestPeers ({ key }, signal) {
    const peers = []
    for await (const event of node.services.dht.getClosestPeers(unhex(key), { signal })) {
      if (event.name === 'FINAL_PEER') peers.push(event.peer.id.toString())
    }
    return { peers }
  },
  async put ({ key, value }, signal) {
    await node.contentRouting.put(unhex(key), unhex(value), { signal })
    return {}
  },
  async get ({ key }, signal) {
    return { value: hex(await node.contentRouting.get(unhex(key), { signal })) }
  },
  // Sends `bytes` (hex) as they are on a new DHT stream, then reads until the remote ends or resets it: how the
  // Java tests deliver malformed Kademlia messages from a real js-libp2p connection.
  async raw ({ addr, bytes }, signal) {
    const stream = await node.dialProtocol(multiaddr(addr), PROTOCOL, { signal })
    stream.send(unhex(bytes))
    let received = 0
    try {
      for await (const chunk of stream) received += chunk.byteLength
      return { reset: false, received }
    } catch (err) {
      return { reset: true, received, error: String(err?.name) }
    }
  },
  // The peers in js's routing table (identify puts a peer there some time after the dial).
  async routingTable () {
    return { size: node.services.dht.routingTable.size }
  },
  // Once js's routing table holds at least `count` peers; the Java side's deadline bounds the wait.
  async awaitRoutingTable ({ count }, signal) {
    const size = await table.until(() => {
      const n = node.services.dht.routingTable.size
      return n >= count ? n : null
    }, signal)
    return { size }
  }
}

serve(node, commands)
