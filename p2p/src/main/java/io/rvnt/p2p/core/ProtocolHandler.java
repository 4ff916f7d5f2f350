package io.rvnt.p2p.core;

/**
 * A protocol binding: what runs on a stream once multistream-select agreed on one of its protocol ids, on either
 * side. Registered on a {@link Host} by protocol id for inbound streams, passed to {@link Connection#newStream} for
 * outbound ones.
 *
 * @param <C> the controller handed to the caller that opened the stream (a ping controller, an identify result
 *     future...)
 */
@FunctionalInterface
public interface ProtocolHandler<C> {

  /**
   * Called on the stream's executor as soon as the protocol is agreed. Must set the stream's
   * {@link StreamHandler} before returning (data is held until it does) and must not block.
   */
  C onStream(Stream stream);
}
