package io.rvnt.console.dht;

/** One bootstrap node on the DHT health screen; probe columns read "—" until a probe has run. */
public record BootstrapRow(String name, String peerId, String addresses, String tcp, String quic, String latency,
    String connectedPeers, String routingTableSize, String knowsOthers, String lookupsConverge) {}
