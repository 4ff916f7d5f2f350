package io.rvnt.p2p.identify;

import io.netty.buffer.ByteBuf;
import io.rvnt.p2p.core.Connection;
import io.rvnt.p2p.core.Host;
import io.rvnt.p2p.core.P2pException;
import io.rvnt.p2p.core.P2pLimits;
import io.rvnt.p2p.core.ProtocolHandler;
import io.rvnt.p2p.core.Stream;
import io.rvnt.p2p.core.StreamHandler;
import io.rvnt.p2p.crypto.PubKey;
import io.rvnt.p2p.multiformats.LengthPrefixedReader;
import io.rvnt.p2p.multiformats.MultiformatException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The identify protocols (identify spec): {@code /ipfs/id/1.0.0}, where the responder sends one length-prefixed
 * Identify message and closes, and {@code /ipfs/id/push/1.0.0}, where the initiator does. The remote's public key
 * is optional (pushes from js-libp2p leave it out: the connection already proved it), but when present it must be
 * the one the connection's PeerId names, or the message is refused.
 */
public final class Identify {

  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
  public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";

  /** js-libp2p's MAX_IDENTIFY_MESSAGES: how many messages one identify may span. */
  public static final int MAX_MESSAGES = 10;

  private final Host host;
  private final PubKey publicKey;
  private final String agentVersion;
  private final int maxMessage;
  private volatile BiConsumer<Connection, IdentifyInfo> pushListener = (c, i) -> {};

  /**
   * @param limits {@link P2pLimits#maxMessageSize()} bounds each identify message received (js-libp2p sends at
   *     most 8 KiB)
   */
  public Identify(Host host, PubKey publicKey, String agentVersion, P2pLimits limits) {
    this.host = host;
    this.publicKey = publicKey;
    this.agentVersion = agentVersion;
    this.maxMessage = limits.maxMessageSize();
  }

  /** Registers the responder of {@code /ipfs/id/1.0.0} and the receiver of pushes on the host. */
  public void register() {
    host.addProtocol(PROTOCOL_ID, stream -> {
      send(stream);
      stream.setHandler(new Discard());
      return null;
    });
    host.addProtocol(PUSH_PROTOCOL_ID, stream -> {
      CompletableFuture<IdentifyInfo> received = receive(stream);
      received.thenAccept(info -> pushListener.accept(stream.connection(), info));
      return null;
    });
  }

  /** Called with each identify push received (on a stream's executor). */
  public void onPush(BiConsumer<Connection, IdentifyInfo> listener) {
    this.pushListener = listener;
  }

  /** Asks the remote of {@code connection} who it is. */
  public CompletableFuture<IdentifyInfo> identify(Connection connection) {
    ProtocolHandler<CompletableFuture<IdentifyInfo>> handler = this::receive;
    return connection.newStream(List.of(PROTOCOL_ID), handler).thenCompose(f -> f);
  }

  /** Tells the remote of {@code connection} our current addresses and protocols. */
  public CompletableFuture<Void> push(Connection connection) {
    ProtocolHandler<Void> handler = stream -> {
      send(stream);
      stream.setHandler(new Discard());
      return null;
    };
    return connection.newStream(List.of(PUSH_PROTOCOL_ID), handler);
  }

  /** What this host says about itself to {@code connection}'s remote. */
  public IdentifyInfo localInfo(Connection connection) {
    return new IdentifyInfo(Optional.of(publicKey), host.listenAddresses(), List.copyOf(host.protocols()),
        Optional.of(connection.remoteAddress()), IdentifyInfo.PROTOCOL_VERSION, agentVersion);
  }

  private void send(Stream stream) {
    byte[] message = localInfo(stream.connection()).encode();
    stream.write(LengthPrefixedReader.frame(stream.alloc(), message));
    stream.closeWrite();
  }

  /**
   * Reads Identify messages until the remote closes (the spec lets a large identify span several messages, at
   * most {@link #MAX_MESSAGES}), merges them, and checks the key against the connection's PeerId.
   */
  private CompletableFuture<IdentifyInfo> receive(Stream stream) {
    CompletableFuture<IdentifyInfo> result = new CompletableFuture<>();
    LengthPrefixedReader reader = new LengthPrefixedReader(stream.alloc(), maxMessage);
    stream.setHandler(new StreamHandler() {
      private IdentifyInfo merged;
      private int messages;

      @Override
      public void onData(ByteBuf data) {
        if (result.isDone()) {
          data.release();
          return;
        }
        reader.add(data);
        try {
          byte[] message;
          while ((message = reader.next()) != null) {
            if (++messages > MAX_MESSAGES) {
              throw new P2pException(P2pException.Reason.MESSAGE_TOO_LARGE, "identify: too many messages");
            }
            IdentifyInfo info = IdentifyInfo.decode(message);
            merged = merged == null ? info : merged.mergedWith(info);
          }
        } catch (MultiformatException | P2pException e) {
          result.completeExceptionally(e);
          stream.reset();
        }
      }

      @Override
      public void onRemoteClosed() {
        if (!result.isDone()) {
          if (merged == null) {
            result.completeExceptionally(new P2pException(
                P2pException.Reason.PROTOCOL_VIOLATION, "identify: stream ended without a message"));
          } else if (merged.publicKey().isPresent()
              && !stream.connection().remotePeerId().matches(merged.publicKey().get())) {
            result.completeExceptionally(
                new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "identify: key is not the peer's"));
          } else {
            result.complete(merged);
          }
        }
        stream.closeWrite();
      }

      @Override
      public void onClosed(Throwable cause) {
        reader.release();
        if (!result.isDone()) {
          result.completeExceptionally(cause != null ? cause
              : new P2pException(P2pException.Reason.CONNECTION_CLOSED, "identify stream closed"));
        }
      }
    });
    return result;
  }

  /** Drops whatever arrives on a stream that only sends. */
  private static final class Discard implements StreamHandler {
    @Override
    public void onData(ByteBuf data) {
      data.release();
    }
  }
}
