package io.rvnt.server;

import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.wire.Error;
import io.rvnt.server.config.ConfigLoader;
import io.rvnt.server.config.IdentityServerConfig;
import io.rvnt.server.store.IdentityStore;
import io.rvnt.server.store.RocksDbIdentityStore;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.testsupport.MutableClock;
import io.rvnt.testsupport.TestPow;
import io.rvnt.testsupport.RawHttp;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole identity server in this JVM on loopback port 0, with RocksDB in a temporary directory, a test clock and
 * low proof-of-work difficulties; its store stays reachable so tests can compare it before and after a request.
 */
final class ServerFixture implements AutoCloseable {
  static final int REGISTER_BITS = 8;
  static final int WRITE_BITS = 4;
  /**
   * How long a test reads before it gives up: generous, yet below the default idle timeout (60 s), so that a close
   * within it is no idle close. It is above the default receive timeout (10 s): a test that asserts a close of a
   * connection that sent nothing or half a request sets {@code request-receive-timeout} beyond it, unless that
   * timeout is what it checks.
   */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  final MutableClock clock = MutableClock.atFixedInstant();
  final AtomicLong freeDisk = new AtomicLong(1L << 40);
  final IdentityServerConfig config;
  final IdentityStore store;
  final IdentityServer server;

  private ServerFixture(IdentityServerConfig config, IdentityStore store) throws Exception {
    this.config = config;
    this.store = store;
    this.server = IdentityServer.start(config, clock, "test", store, freeDisk::get);
  }

  static ServerFixture start(Path dataDir, Map<String, String> settings) throws Exception {
    return start(dataDir, settings, null);
  }

  /** With {@code store} null, a RocksDB store in {@code dataDir}. */
  static ServerFixture start(Path dataDir, Map<String, String> settings, IdentityStore store) throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("listen", "127.0.0.1:0");
    values.put("admin-listen", "127.0.0.1:0");
    values.put("register-pow-bits", Integer.toString(REGISTER_BITS));
    values.put("write-pow-bits", Integer.toString(WRITE_BITS));
    values.put("data-dir", dataDir.toString());
    values.put("pow-seed-key",
        TestPow.writeKey(dataDir.resolveSibling(dataDir.getFileName() + ".pow-seed.key")).toString());
    values.putAll(settings);
    IdentityServerConfig config = ConfigLoader.fromMap(values, dataDir);
    return new ServerFixture(config, store != null ? store : RocksDbIdentityStore.open(config.dataDir()));
  }

  InetSocketAddress api() {
    return server.listenAddresses().get(0);
  }

  RawHttp connect() throws Exception {
    return RawHttp.connect(api(), READ_TIMEOUT);
  }

  RawHttp connect(InetSocketAddress address) throws Exception {
    return RawHttp.connect(address, READ_TIMEOUT);
  }

  /** One request on a fresh connection. */
  RawHttp.Response exchange(String method, String target, Map<String, String> headers, byte[] body)
      throws Exception {
    try (RawHttp http = connect()) {
      return http.exchange(method, target, withContentType(headers, body), body);
    }
  }

  static Map<String, String> withContentType(Map<String, String> headers, byte[] body) {
    if (body.length == 0 || headers.containsKey("Content-Type")) {
      return headers;
    }
    Map<String, String> all = new java.util.LinkedHashMap<>(headers);
    all.put("Content-Type", Headers.CONTENT_TYPE_PROTOBUF);
    return all;
  }

  /**
   * Every stored key of the users' four families (spec §10) with its value in hex, sorted. The replay memory is
   * left out: a signed request refused after authentication is remembered too (spec §5 step 6), as it must be.
   */
  Map<String, String> snapshot() {
    Map<String, String> copy = new TreeMap<>();
    store.entries().forEach((k, v) -> {
      if (!k.startsWith("replay")) {
        copy.put(k, HexFormat.of().formatHex(v));
      }
    });
    return copy;
  }

  /** The next millisecond, so two signed requests never have the same bytes. */
  /** What the server publishes now to solve for, at the floor {@code 2^bits} (spec §6.4, §6.5). */
  PowTarget pow(int bits) {
    return TestPow.at(clock.millis(), bits);
  }

  long tick() {
    clock.advance(Duration.ofMillis(1));
    return clock.millis();
  }

  static Error error(RawHttp.Response response) throws Exception {
    return Error.parseFrom(response.body());
  }

  @Override
  public void close() {
    server.close();
  }
}
