package io.rvnt.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.identity.PublicBundle;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.wire.PreKeyCount;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.TestIdentity;
import io.rvnt.testsupport.TestPow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The identity API of a {@link ServerProcess} over raw HTTP, with the low difficulties of {@link #config}. */
final class ServerApi {
  static final int REGISTER_BITS = 8;
  static final int WRITE_BITS = 4;
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final byte[] EMPTY = new byte[0];

  private final ServerProcess server;

  ServerApi(ServerProcess server) {
    this.server = server;
  }

  /** A configuration file with test difficulties, and any further {@code key = value} lines. */
  static Path config(Path dir, String... lines) throws IOException {
    Path file = dir.resolve("server.conf");
    StringBuilder text = new StringBuilder()
        .append("register-pow-bits = ").append(REGISTER_BITS).append('\n')
        .append("write-pow-bits = ").append(WRITE_BITS).append('\n')
        .append("pow-seed-key = ").append(TestPow.writeKey(dir.resolve("pow-seed.key"))).append('\n');
    for (String line : lines) {
      text.append(line).append('\n');
    }
    Files.writeString(file, text);
    return file;
  }

  RawHttp connect() throws IOException {
    return RawHttp.connect(server.apiAddress(), TIMEOUT);
  }

  RawHttp.Response exchange(String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (body.length > 0) {
      all.put("Content-Type", Headers.CONTENT_TYPE_PROTOBUF);
    }
    try (RawHttp http = connect()) {
      return http.exchange(method, target, all, body);
    }
  }

  RawHttp.Response register(TestIdentity user, int opks) throws IOException {
    return exchange("POST", "/v1/register", Map.of(Headers.POW, user.registerPow(TestPow.now(REGISTER_BITS))),
        user.registrationBody(opks));
  }

  PublicBundle bundle(String username) throws Exception {
    RawHttp.Response response = exchange("GET", "/v1/bundle/" + username, Map.of(), EMPTY);
    assertThat(response.status()).as("bundle status").isEqualTo(200);
    return WireCodec.decodeBundle(response.body());
  }

  int count(TestIdentity user) throws Exception {
    RawHttp.Response response = exchange("GET", "/v1/prekey-count",
        user.signedHeaders("GET", "/v1/prekey-count", System.currentTimeMillis(), EMPTY, null), EMPTY);
    assertThat(response.status()).as("count status").isEqualTo(200);
    return PreKeyCount.parseFrom(response.body()).getOneTimePrekeyCount();
  }

  RawHttp.Response delete(TestIdentity user) throws IOException {
    return exchange("DELETE", "/v1/identity",
        user.signedHeaders("DELETE", "/v1/identity", System.currentTimeMillis(), EMPTY, TestPow.now(WRITE_BITS)), EMPTY);
  }
}
