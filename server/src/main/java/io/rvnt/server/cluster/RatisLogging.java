package io.rvnt.server.cluster;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Ratis's own log lines never reach the output (invariant 1). Ratis logs through SLF4J, which the shaded jar binds to
 * slf4j-nop; the gRPC, Netty and protobuf it carries relocated under {@code org.apache.ratis.thirdparty} log through
 * java.util.logging, and their lines name remote sockets (a stranger knocking on the Raft port included) and, at
 * debug levels, messages. So the whole {@code org.apache.ratis} tree is switched off here, and the cluster code logs
 * what an operator needs (leader changes, snapshots, a member that stops) in its own words.
 */
final class RatisLogging {
  // Held strongly so the level set on it is not lost to garbage collection.
  private static final Logger RATIS = Logger.getLogger("org.apache.ratis");

  private RatisLogging() {}

  static void silence() {
    RATIS.setLevel(Level.OFF);
  }
}
