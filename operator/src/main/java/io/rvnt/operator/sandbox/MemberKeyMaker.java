package io.rvnt.operator.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes an identity cluster member's replication key and certificate, as {@code ./rvnt cluster keygen} does
 * (docs/cluster.md). The server's code does this; the app wires it in, since this module does not depend on the
 * server.
 */
@FunctionalInterface
public interface MemberKeyMaker {
  /**
   * Writes a new private key to {@code key} (mode 0600) and its self-signed certificate to {@code certificate};
   * refuses to overwrite either.
   *
   * @return the certificate's pin, as a {@code cluster-member.NAME} line carries it
   */
  String generate(String member, Path key, Path certificate) throws IOException;
}
