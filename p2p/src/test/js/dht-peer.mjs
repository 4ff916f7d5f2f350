// A js-libp2p node running @libp2p/kad-dht on RVNT's protocol id, for the Java DHT interop tests (dht module,
// JsDhtPeer) and the DHT benchmark. It listens on a loopback TCP address, prints one JSON line
// {"event":"ready",...} and then answers JSON commands, one per stdin line, with one JSON line each:
// {"id":..,"ok":true,...} or {"id":..,"ok":false,"error":".."}.
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
import { serve } from './json-lines.mjs'

const PROTOCOL = process.env.RVNT_KAD_PROTOCOL ?? '/rvnt/kad/1.0.0'
const TIMEOUT = 20_000

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
    identify: identify(),
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

const hex = (bytes) => Buffer.from(bytes).toString('hex')
const unhex = (text) => new Uint8Array(Buffer.from(text, 'hex'))

async function run (command) {
  const signal = AbortSignal.timeout(TIMEOUT)
  switch (command.op) {
    case 'dial': {
      const connection = await node.dial(multiaddr(command.addr), { signal })
      return { remotePeer: connection.remotePeer.toString() }
    }
    case 'waitForPeers': {
      // Until the routing table holds at least command.count peers (identify runs after the dial).
      const deadline = Date.now() + TIMEOUT
      while (node.services.dht.routingTable.size < command.count) {
        if (Date.now() > deadline) throw new Error(`routing table has ${node.services.dht.routingTable.size} peers`)
        await new Promise(resolve => setTimeout(resolve, 50))
      }
      return { size: node.services.dht.routingTable.size }
    }
    case 'findPeer': {
      const info = await node.peerRouting.findPeer(peerIdFromString(command.peer), { signal, useCache: false })
      return { peer: info.id.toString(), addrs: info.multiaddrs.map(a => a.toString()) }
    }
    case 'getClosestPeers': {
      const peers = []
      for await (const event of node.services.dht.getClosestPeers(unhex(command.key), { signal })) {
        if (event.name === 'FINAL_PEER') peers.push(event.peer.id.toString())
      }
      return { peers }
    }
    case 'put': {
      await node.contentRouting.put(unhex(command.key), unhex(command.value), { signal })
      return {}
    }
    case 'get': {
      const value = await node.contentRouting.get(unhex(command.key), { signal })
      return { value: hex(value) }
    }
    case 'raw': {
      // Sends command.bytes (hex) as they are on a new DHT stream, then reads until the remote ends or resets it:
      // how the Java tests deliver malformed Kademlia messages from a real js-libp2p connection.
      const stream = await node.dialProtocol(multiaddr(command.addr), PROTOCOL, { signal })
      stream.send(unhex(command.bytes))
      let received = 0
      try {
        for await (const chunk of stream) received += chunk.byteLength
        return { reset: false, received }
      } catch (err) {
        return { reset: true, received, error: String(err?.name) }
      }
    }
    case 'routingTable':
      return { size: node.services.dht.routingTable.size }
    case 'stop':
      await node.stop()
      setImmediate(() => process.exit(0))
      return {}
    default:
      throw new Error('unknown op ' + command.op)
  }
}

serve(node, run)
