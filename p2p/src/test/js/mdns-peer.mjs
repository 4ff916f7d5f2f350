// A js-libp2p node with @libp2p/mdns 12.0.32 and @libp2p/kad-dht on RVNT's protocol id, for the LAN discovery
// tests (app module, MdnsInteropIT). It runs inside a network namespace (ip netns exec) and listens on every
// interface there, so it announces its veth address (and loopback, which the Java side must ignore). JSON lines as
// json-lines.mjs says. It dials nothing by itself: the test asks it to dial a discovered peer.
// Environment: MDNS_INTERVAL (ms between queries, default @libp2p/mdns's 10 s).
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { mdns } from '@libp2p/mdns'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { BACKGROUND_TIMEOUT_MS, serve } from './json-lines.mjs'

const interval = Number(process.env.MDNS_INTERVAL ?? 10_000)

const node = await createLibp2p({
  addresses: { listen: ['/ip4/0.0.0.0/tcp/0'] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify({ timeout: BACKGROUND_TIMEOUT_MS }),
    ping: ping(),
    // As a service rather than under peerDiscovery, so that its own 'peer' events can be told apart from the
    // DHT's (kad-dht is a discovery source too).
    mdns: mdns({ interval }),
    dht: kadDHT({
      protocol: '/rvnt/kad/1.0.0',
      clientMode: false,
      // The LAN's private addresses are dropped by the default mapper.
      peerInfoMapper: passthroughMapper
    })
  }
})

// What mDNS alone discovered: PeerId -> multiaddrs as the answer gave them.
const discovered = new Map()
node.services.mdns.addEventListener('peer', (event) => {
  discovered.set(event.detail.id.toString(), event.detail.multiaddrs.map(a => a.toString()))
})

const commands = {
  discovered () {
    return { peers: Object.fromEntries(discovered) }
  },
  // Dials what mDNS said about the peer, nothing else: proves the announced addresses work.
  async dialDiscovered ({ peer }, signal) {
    const addrs = discovered.get(peer)
    if (addrs == null) throw new Error('not discovered by mDNS')
    const connection = await node.dial(addrs.map(a => multiaddr(a + '/p2p/' + peer)), { signal })
    return { remotePeer: connection.remotePeer.toString() }
  },
  connections () {
    return {
      connections: node.getConnections().map(c => ({ peer: c.remotePeer.toString(), direction: c.direction }))
    }
  },
  routingTable () {
    return { size: node.services.dht.routingTable.size }
  },
  async getClosestPeers ({ key }, signal) {
    const peers = []
    for await (const event of node.services.dht.getClosestPeers(new Uint8Array(Buffer.from(key, 'hex')), { signal })) {
      if (event.name === 'FINAL_PEER') peers.push(event.peer.id.toString())
    }
    return { peers }
  },
  async findPeer ({ peer }, signal) {
    const info = await node.peerRouting.findPeer(peerIdFromString(peer), { signal, useCache: false })
    return { peer: info.id.toString(), addrs: info.multiaddrs.map(a => a.toString()) }
  }
}

serve(node, commands)
