package io.rvnt.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.protocol.client.ClientConfig;
import io.rvnt.protocol.client.IdentityClient;
import io.rvnt.protocol.client.IdentityClientException;
import io.rvnt.protocol.client.ServerParameters;
import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.testsupport.Await;
import io.rvnt.testsupport.RawHttp;
import io.rvnt.testsupport.ServerProcess;
import io.rvnt.testsupport.TestIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docs/identity-protocol.md §6.5 and §6.6 on a real {@code ./rvnt server}: a flood of registrations overloads the
 * proof-of-work queue, the suggested effort rises, a patient client that solves at the suggested effort still
 * registers during the flood, and once the flood stops the effort falls back to the floor. Short periods come from
 * the configuration (one-second updates, a queue of two with a 100 ms deadline, one serving thread).
 */
class AdaptivePowFloodIT {
  static final int FLOOR_BITS = 8;
  static final long FLOOR = 1L << FLOOR_BITS;
  static final int FLOODERS = 12;
  static final Duration DEADLINE = Duration.ofSeconds(120);
  static final Pattern EFFORT = Pattern.compile("^rvnt_identity_pow_register_effort (\\S+)$", Pattern.MULTILINE);
  static final Pattern DROPPED = Pattern.compile("^rvnt_identity_pow_dropped_total (\\S+)$", Pattern.MULTILINE);

  @TempDir Path dir;

  @Test
  void theEffortRisesUnderAFloodLetsAPatientClientThroughAndFallsBackToTheFloor() throws Exception {
    Path config = dir.resolve("server.conf");
    Files.writeString(config, String.join("\n",
        "register-pow-bits = " + FLOOR_BITS,
        "worker-threads = 1",
        "pow-queue-capacity = 2",
        "pow-queue-deadline = 100ms",
        "pow-update-period = 1s",
        "pow-effort-increase = " + FLOOR,
        "pow-effort-decrease-factor = 0.5",
        "pow-effort-ceiling = " + FLOOR * 64,
        // The flood comes over loopback, the shared direct bucket: lift its limits so the queue is what holds.
        "rate-limit-direct-api-per-minute = 1000000",
        "rate-limit-direct-register-per-minute = 1000000",
        ""));
    try (ServerProcess server = ServerProcess.start(dir.resolve("data"), "--config", config.toString());
        IdentityClient client = new IdentityClient(server.apiUrl(),
            new ClientConfig(Duration.ofSeconds(30), Duration.ofSeconds(60), 1 << 16, 1, 24), Clock.systemUTC())) {
      assertThat(client.params().registerPow().effort()).as("quiet: the floor").isEqualTo(FLOOR);

      AtomicBoolean flooding = new AtomicBoolean(true);
      Map<Integer, Long> answers = new ConcurrentHashMap<>();
      List<Thread> flood = new ArrayList<>();
      for (int i = 0; i < FLOODERS; i++) {
        Thread flooder = new Thread(() -> floodUntilStopped(server, client, flooding, answers), "flooder-" + i);
        flooder.setDaemon(true);
        flood.add(flooder);
        flooder.start();
      }
      try {
        Await.until(DEADLINE, "the suggested effort rises above the floor under the flood",
            () -> suggested(client) > FLOOR);
        assertThat(metric(server, DROPPED)).as("the queue dropped requests (an aggregate count)").isPositive();

        long registeredAt = patientRegistration(client);
        assertThat(flooding.get()).as("registered during the flood").isTrue();
        assertThat(registeredAt).isPositive();
        assertThat(answers).as("the flood was refused busy along the way").containsKey(503);
      } finally {
        flooding.set(false);
        for (Thread flooder : flood) {
          flooder.join(DEADLINE.toMillis());
        }
      }
      Await.until(DEADLINE, "the suggested effort falls back to the floor once the flood is over",
          () -> suggested(client) == FLOOR);
      assertThat(metric(server, EFFORT)).as("the admin listener's gauge agrees").isEqualTo(FLOOR);
    }
  }

  /**
   * A client that does what §6.5 says: solves at the suggested effort, and after a refusal (the library retries
   * with the effort it names, then gives up) asks again, until the deadline.
   */
  private static long patientRegistration(IdentityClient client) throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    IdentityClientException last = null;
    while (System.nanoTime() < end) {
      TestIdentity patient = TestIdentity.create("patient_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36));
      ServerParameters params = client.params();
      try {
        return client.register(patient.registration(1), params.registerPow(), done -> { }).registeredAtMs();
      } catch (IdentityClientException e) {
        assertThat(e.code()).as("only a busy server or a moving effort stops the patient client")
            .isIn(ErrorCode.UNAVAILABLE, ErrorCode.POW_INSUFFICIENT, ErrorCode.POW_SEED_EXPIRED);
        last = e;
      }
    }
    throw new AssertionError("the patient client did not register within " + DEADLINE, last);
  }

  /** Registrations at the floor effort, as fast as the server answers, each on a kept connection. */
  private static void floodUntilStopped(ServerProcess server, IdentityClient client, AtomicBoolean flooding,
      Map<Integer, Long> answers) {
    try {
      TestIdentity user = TestIdentity.create("flood_" + Thread.currentThread().getName().replace('-', '_'));
      byte[] body = user.registrationBody(1);
      String pow = user.registerPow(client.params().registerPow().withEffort(FLOOR));
      Map<String, String> headers = Map.of(Headers.POW, pow, "Content-Type", Headers.CONTENT_TYPE_PROTOBUF);
      while (flooding.get()) {
        try (RawHttp http = RawHttp.connect(server.apiAddress(), Duration.ofSeconds(30))) {
          while (flooding.get()) {
            int status = http.exchange("POST", "/v1/register", headers, body).status();
            answers.merge(status, 1L, Long::sum);
          }
        } catch (IOException e) {
          // The server closed the connection: open another.
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("the flooder failed", e);
    }
  }

  private static long suggested(IdentityClient client) {
    try {
      return client.params().registerPow().effort();
    } catch (IOException | IdentityClientException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static long metric(ServerProcess server, Pattern family) throws IOException {
    try (RawHttp http = RawHttp.connect(server.adminAddress(), Duration.ofSeconds(30))) {
      String text = new String(http.exchange("GET", "/metrics", Map.of(), new byte[0]).body(),
          StandardCharsets.UTF_8);
      Matcher matcher = family.matcher(text);
      assertThat(matcher.find()).as("/metrics has %s", family).isTrue();
      return (long) Double.parseDouble(matcher.group(1));
    }
  }
}
