package io.rvnt.p2p.core;

/** A {@link MuxedStream} on which multistream-select agreed on a protocol. */
public interface Stream extends MuxedStream {

  /** The negotiated protocol id, such as {@code /ipfs/ping/1.0.0}. */
  String protocol();

  Connection connection();
}
