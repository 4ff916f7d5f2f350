package io.rvnt.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.rvnt.p2p.core.P2pException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * The multistream-select 1.0 state machine for one side of one stream or connection, free of I/O: feed it what
 * arrives, send what it returns. The initiator sends the header and its first proposal in one write (as js-libp2p
 * does), then the next proposal after each {@code na}; the responder answers the header with its own and each
 * proposal with the same text or {@code na} ({@code ls} lists the protocols). Not thread-safe.
 */
public final class Negotiator {

  private enum State { AWAIT_HEADER, AWAIT_ANSWER, AWAIT_PROPOSAL, DONE }

  /** The outcome of feeding bytes: what to send, and the agreed protocol once there is one. */
  public record Step(ByteBuf toSend, String agreed) {}

  private final boolean initiator;
  private final List<String> proposals;
  private final Predicate<String> supported;
  private final List<String> listed;
  private final int maxMessage;
  private final ByteBufAllocator alloc;
  private State state = State.AWAIT_HEADER;
  private int next;
  private int answered;
  private String agreed;

  private Negotiator(boolean initiator, List<String> proposals, Predicate<String> supported, List<String> listed,
      int maxMessage, ByteBufAllocator alloc) {
    this.initiator = initiator;
    this.proposals = proposals;
    this.supported = supported;
    this.listed = listed;
    this.maxMessage = maxMessage;
    this.alloc = alloc;
  }

  /** An initiator proposing {@code proposals} in order. */
  public static Negotiator initiator(List<String> proposals, int maxMessage, ByteBufAllocator alloc) {
    if (proposals.isEmpty()) {
      throw new IllegalArgumentException("nothing to propose");
    }
    return new Negotiator(true, List.copyOf(proposals), p -> false, List.of(), maxMessage, alloc);
  }

  /** A responder accepting what {@code supported} accepts; {@code listed} answers {@code ls}. */
  public static Negotiator responder(Predicate<String> supported, List<String> listed, int maxMessage,
      ByteBufAllocator alloc) {
    return new Negotiator(false, List.of(), supported, List.copyOf(listed), maxMessage, alloc);
  }

  /** What to send first: the initiator's header and first proposal in one buffer, the responder's header. */
  public ByteBuf start() {
    if (initiator) {
      return Multistream.message(alloc, Multistream.PROTOCOL_ID, proposals.get(next));
    }
    return Multistream.message(alloc, Multistream.PROTOCOL_ID);
  }

  /**
   * Consumes complete messages from {@code in} until a protocol is agreed or the input runs out; bytes after the
   * agreeing message are left in {@code in} for the protocol.
   *
   * @throws P2pException on garbage, an unexpected header, or no common protocol
   */
  public Step feed(ByteBuf in) {
    ByteBuf out = null;
    try {
      while (state != State.DONE) {
        String message = Multistream.readMessage(in, maxMessage);
        if (message == null) {
          break;
        }
        String reply = initiator ? onInitiatorMessage(message) : onResponderMessage(message);
        if (reply != null) {
          out = out == null ? alloc.buffer() : out;
          Multistream.writeMessage(out, reply);
        }
      }
      return new Step(out, state == State.DONE ? agreed : null);
    } catch (RuntimeException e) {
      if (out != null) {
        out.release();
      }
      throw e;
    }
  }

  public boolean isDone() {
    return state == State.DONE;
  }

  private String onInitiatorMessage(String message) {
    if (state == State.AWAIT_HEADER) {
      requireHeader(message);
      state = State.AWAIT_ANSWER;
      return null;
    }
    if (message.equals(proposals.get(next))) {
      state = State.DONE;
      agreed = message;
      return null;
    }
    if (!message.equals(Multistream.NA)) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "multistream: unexpected answer");
    }
    if (++next == proposals.size()) {
      throw new P2pException(P2pException.Reason.PROTOCOL_NOT_SUPPORTED, "the remote supports none of "
          + proposals);
    }
    return proposals.get(next);
  }

  private String onResponderMessage(String message) {
    if (state == State.AWAIT_HEADER) {
      requireHeader(message);
      state = State.AWAIT_PROPOSAL;
      return null;
    }
    if (++answered > Multistream.MAX_PROPOSALS) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "multistream: too many proposals");
    }
    if (message.equals(Multistream.LS)) {
      return lsAnswer();
    }
    if (!message.equals(Multistream.NA) && supported.test(message)) {
      state = State.DONE;
      agreed = message;
      return message;
    }
    return Multistream.NA;
  }

  private String lsAnswer() {
    // The ls answer is one message holding a multistream message per protocol.
    ByteBuf list = alloc.buffer();
    try {
      for (String p : listed) {
        Multistream.writeMessage(list, p);
      }
      return list.toString(StandardCharsets.UTF_8);
    } finally {
      list.release();
    }
  }

  private static void requireHeader(String message) {
    if (!message.equals(Multistream.PROTOCOL_ID)) {
      throw new P2pException(P2pException.Reason.PROTOCOL_VIOLATION, "multistream: unexpected header");
    }
  }
}
