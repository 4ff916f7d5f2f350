package io.rvnt.protocol.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rvnt.protocol.crypto.Ed25519;
import io.rvnt.protocol.http.AuthHeaders;
import io.rvnt.protocol.http.Defaults;
import io.rvnt.protocol.http.Headers;
import io.rvnt.protocol.http.Paths;
import io.rvnt.protocol.identity.KeyChecks;
import io.rvnt.protocol.identity.OneTimePreKey;
import io.rvnt.protocol.identity.PreKeyUpload;
import io.rvnt.protocol.identity.ProtocolException;
import io.rvnt.protocol.identity.PublicBundle;
import io.rvnt.protocol.identity.Registration;
import io.rvnt.protocol.identity.SignedBytes;
import io.rvnt.protocol.identity.Usernames;
import io.rvnt.protocol.identity.WireCodec;
import io.rvnt.protocol.pow.PowSolver;
import io.rvnt.protocol.pow.PowTarget;
import io.rvnt.protocol.pow.ProofOfWork;
import io.rvnt.protocol.wire.DeleteResponse;
import io.rvnt.protocol.wire.ErrorCode;
import io.rvnt.protocol.wire.PreKeyCount;
import io.rvnt.protocol.wire.RegisterResponse;
import io.rvnt.protocol.wire.ServerParams;
import io.rvnt.protocol.socks.Socks5;
import io.rvnt.protocol.socks.SocksTunnel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * The client side of the identity protocol (docs/identity-protocol.md) over {@link HttpClient}: it builds the
 * protobuf bodies, signs requests (§5), solves proofs of work (§6) and checks every bundle it receives (§7.2).
 * Answers larger than the configured limit and exchanges longer than the request timeout are refused. A refusal by
 * the server becomes an {@link IdentityClientException} carrying its error code, HTTP status and message.
 *
 * <p>Through a SOCKS proxy (Tor), every request goes over a {@link SocksTunnel} to the server's host, resolved by
 * the proxy; an {@code .onion} server is reachable no other way. {@link #close()} closes the tunnel.
 *
 * <p>Thread-safe. Proofs of work run on the calling thread (and {@code powThreads - 1} more); interrupting the
 * calling thread cancels them.
 */
public final class IdentityClient implements AutoCloseable {
  private static final String PROTOBUF = Headers.CONTENT_TYPE_PROTOBUF;
  static final int MAX_MESSAGE_CHARS = 200;
  /**
   * Spec §6.5: tries of one write with a proof of work, the first included, before a refusal is final. Each retry
   * follows a refusal that named a fresh seed or a higher effort, so four cover a seed that expired during the
   * solve and two rises of the suggested effort.
   */
  public static final int POW_ATTEMPTS = 4;
  /** Spec §6.5, after Tor's client (hspow common protocol): a retry after a busy refusal bids 1.5 times more. */
  static final double BUSY_RETRY_FACTOR = 1.5;
  /** The longest wait a busy refusal's {@code retry_after_seconds} can impose on one retry. */
  static final long MAX_BUSY_WAIT_SECONDS = 30;

  private final URI server;
  private final ClientConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final PowSolver solver;
  /** The tunnel through the SOCKS proxy, or null when the client connects directly. */
  private final SocksTunnel tunnel;
  /** The last timestamp signed, so two requests never share one (spec §5: replays are refused). Guarded by this. */
  private long lastTimestamp;

  /** A registration the server acknowledged (spec §7.1). */
  public record Registered(long registeredAtMs, int oneTimePreKeyCount) {}

  public IdentityClient(URI server, ClientConfig config, Clock clock) {
    this(server, config, clock, null);
  }

  /**
   * A client that reaches {@code server} through {@code socks} (Tor's SOCKS port), or directly when it is null.
   *
   * @throws IllegalArgumentException for a URL that is not http(s) or has no host, an {@code .onion} host without
   *     a proxy, or an https URL through one (an onion service's address is its authentication; TLS would have to
   *     name the tunnel's loopback end)
   */
  public IdentityClient(URI server, ClientConfig config, Clock clock, Socks5 socks) {
    String scheme = server.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("the server URL must start with http:// or https://");
    }
    String host = server.getHost();
    if (host == null) {
      throw new IllegalArgumentException("the server URL has no host");
    }
    if (socks == null && host.toLowerCase(java.util.Locale.ROOT).endsWith(".onion")) {
      throw new IllegalArgumentException("an .onion server is reachable only through Tor: give a SOCKS proxy");
    }
    if (socks != null && !"http".equals(scheme)) {
      throw new IllegalArgumentException("through a SOCKS proxy the server URL must start with http://");
    }
    String base = server.toString();
    if (socks != null) {
      int port = server.getPort() < 0 ? 80 : server.getPort();
      try {
        this.tunnel = SocksTunnel.open(socks, host, port, config.connectTimeout());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a loopback port for the SOCKS tunnel", e);
      }
      base = "http://127.0.0.1:" + tunnel.port() + (server.getRawPath() == null ? "" : server.getRawPath());
    } else {
      this.tunnel = null;
    }
    this.server = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.config = config;
    this.clock = clock;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.solver = new PowSolver(config.powThreads());
  }

  /** Closes the SOCKS tunnel, if any; a direct client holds nothing to close. */
  @Override
  public void close() {
    if (tunnel != null) {
      tunnel.close();
    }
  }

  /** {@code GET /v1/params}; refuses a server speaking another protocol version. */
  public ServerParameters params() throws IOException, InterruptedException, IdentityClientException {
    byte[] body = exchange(get(Paths.PARAMS).build(), 200);
    ServerParams params = parse(body, ServerParams.parser());
    if (!Defaults.PROTOCOL_VERSION.equals(params.getProtocolVersion())) {
      throw clientSide(ErrorCode.MALFORMED_REQUEST, "the server speaks another protocol version");
    }
    if (params.getPowSeed().size() != ProofOfWork.SEED_BYTES || params.getRegisterPowEffort() < 1
        || params.getWritePowEffort() < 1) {
      throw clientSide(ErrorCode.MALFORMED_REQUEST, "the server's parameters lack a proof-of-work seed or effort");
    }
    byte[] seed = params.getPowSeed().toByteArray();
    return new ServerParameters(params.getRegisterPowBits(), params.getWritePowBits(),
        Duration.ofMillis(params.getTimestampWindowMs()), params.getMaxPrekeysPerUpload(),
        params.getMaxStoredPrekeys(), params.getMaxBodyBytes(), params.getProtocolVersion(),
        new PowTarget(seed, params.getRegisterPowEffort()), new PowTarget(seed, params.getWritePowEffort()),
        params.getPowSeedExpiresMs());
  }

  /**
   * {@code POST /v1/register} with a proof of work for {@code pow} (spec §6.2), retried as §6.5 says after a
   * refusal that names a fresh seed or a higher effort. The registration is checked before any work is done, so a
   * bad one fails at once.
   */
  public Registered register(Registration registration, PowTarget pow, LongConsumer hashesDone)
      throws IOException, InterruptedException, IdentityClientException {
    try {
      KeyChecks.checkRegistration(registration, Integer.MAX_VALUE);
    } catch (ProtocolException e) {
      throw clientSide(ErrorCode.valueOf(e.reason().name()), e.getMessage());
    }
    byte[] body = WireCodec.encodeRegistration(registration);
    byte[] answer = withPow(pow, target -> {
      byte[] challenge = ProofOfWork.registerChallenge(target, registration.username(), registration.identityKey());
      long nonce = solve(challenge, target.effort(), hashesDone);
      return exchange(post(Paths.REGISTER, body).header(Headers.POW, target.proof(nonce).header()).build(), 201);
    });
    RegisterResponse response = parse(answer, RegisterResponse.parser());
    return new Registered(response.getRegisteredAtMs(), response.getOneTimePrekeyCount());
  }

  /** One try of a write with a proof of work for the given target. */
  @FunctionalInterface
  private interface PowTry {
    byte[] send(PowTarget target) throws IOException, InterruptedException, IdentityClientException;
  }

  /**
   * Spec §6.5: tries {@code first}; after a refusal that carries a seed (a proof-of-work refusal, or a busy server
   * whose queue dropped the request) tries again with that seed at the effort it names, after a busy refusal at
   * least 1.5 times the last bid and after its {@code retry_after_seconds}; at most {@link #POW_ATTEMPTS} tries.
   */
  private byte[] withPow(PowTarget first, PowTry attempt)
      throws IOException, InterruptedException, IdentityClientException {
    PowTarget target = first;
    for (int tries = 1; ; tries++) {
      try {
        return attempt.send(target);
      } catch (IdentityClientException e) {
        if (tries >= POW_ATTEMPTS || e.powTarget().isEmpty()) {
          throw e;
        }
        PowTarget named = e.powTarget().get();
        long effort = named.effort();
        if (e.code() == ErrorCode.UNAVAILABLE) {
          effort = Math.max(effort, (long) Math.ceil(target.effort() * BUSY_RETRY_FACTOR));
          Thread.sleep(Math.min(e.retryAfterSeconds(), MAX_BUSY_WAIT_SECONDS) * 1000);
        } else if (e.code() == ErrorCode.POW_SEED_EXPIRED) {
          effort = Math.max(effort, target.effort());
        }
        target = new PowTarget(named.seed(), effort);
      }
    }
  }

  /**
   * {@code GET /v1/bundle/{username}}, then the checks of spec §7.2: the bundle is for that username, the identity
   * key is valid, both prekey signatures verify and every key has its length. A bundle that fails is refused.
   */
  public PublicBundle fetchBundle(String username)
      throws IOException, InterruptedException, IdentityClientException {
    requireUsername(username);
    byte[] body = exchange(get(Paths.bundle(username)).build(), 200);
    PublicBundle bundle;
    try {
      bundle = WireCodec.decodeBundle(body);
    } catch (ProtocolException e) {
      throw clientSide(ErrorCode.MALFORMED_REQUEST, "the server's bundle is malformed");
    }
    if (!bundle.username().equals(username)) {
      throw clientSide(ErrorCode.MALFORMED_REQUEST, "the server sent the bundle of another user");
    }
    try {
      byte[] identityKey = bundle.identityKey();
      KeyChecks.checkIdentityKey(identityKey);
      KeyChecks.checkSignedPreKey(identityKey, bundle.signedPreKey());
      KeyChecks.checkPqPreKey(identityKey, bundle.pqPreKey());
      List<OneTimePreKey> oneTime = bundle.oneTimePreKey().map(List::of).orElse(List.of());
      KeyChecks.checkOneTimePreKeys(oneTime, 1);
    } catch (ProtocolException e) {
      throw clientSide(ErrorCode.valueOf(e.reason().name()), "the server's bundle does not verify: " + e.getMessage());
    }
    return bundle;
  }

  /** {@code PUT /v1/prekeys}, signed and with a write proof of work; returns the stored count after the upload. */
  public int uploadPreKeys(String username, Ed25519.KeyPair identity, PreKeyUpload upload, PowTarget pow,
      LongConsumer hashesDone) throws IOException, InterruptedException, IdentityClientException {
    byte[] body = WireCodec.encodeUpload(upload);
    byte[] answer = withPow(pow,
        target -> signedExchange("PUT", Paths.PREKEYS, username, identity, body, target, hashesDone));
    return parse(answer, PreKeyCount.parser()).getOneTimePrekeyCount();
  }

  /** {@code GET /v1/prekey-count}, signed, no proof of work. */
  public int preKeyCount(String username, Ed25519.KeyPair identity)
      throws IOException, InterruptedException, IdentityClientException {
    byte[] answer = signedExchange("GET", Paths.PREKEY_COUNT, username, identity, new byte[0], null, done -> {});
    return parse(answer, PreKeyCount.parser()).getOneTimePrekeyCount();
  }

  /** {@code DELETE /v1/identity}, signed and with a write proof of work; true once the server confirmed. */
  public boolean delete(String username, Ed25519.KeyPair identity, PowTarget pow, LongConsumer hashesDone)
      throws IOException, InterruptedException, IdentityClientException {
    byte[] answer = withPow(pow,
        target -> signedExchange("DELETE", Paths.IDENTITY, username, identity, new byte[0], target, hashesDone));
    return parse(answer, DeleteResponse.parser()).getDeleted();
  }

  /** Signs (spec §5) and, when {@code pow} is not null, adds the write proof of work for it (§6.3). */
  private byte[] signedExchange(String method, String path, String username, Ed25519.KeyPair identity, byte[] body,
      PowTarget pow, LongConsumer hashesDone) throws IOException, InterruptedException, IdentityClientException {
    requireUsername(username);
    String timestamp = AuthHeaders.formatTimestamp(nextTimestamp());
    byte[] signed = SignedBytes.request(method, path, username, timestamp, body);
    HttpRequest.Builder request = request(path)
        .header(Headers.USERNAME, username)
        .header(Headers.TIMESTAMP, timestamp)
        .header(Headers.SIGNATURE, AuthHeaders.formatSignature(Ed25519.sign(identity.seed(), signed)));
    if (pow != null) {
      long nonce = solve(ProofOfWork.writeChallenge(pow, signed), pow.effort(), hashesDone);
      request.header(Headers.POW, pow.proof(nonce).header());
    }
    if (body.length > 0) {
      request.header("Content-Type", PROTOBUF).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return exchange(request.build(), 200);
  }

  private synchronized long nextTimestamp() {
    lastTimestamp = Math.max(clock.millis(), lastTimestamp + 1);
    return lastTimestamp;
  }

  private long solve(byte[] challenge, long effort, LongConsumer hashesDone)
      throws InterruptedException, IdentityClientException {
    long maxEffort = config.maxPowBits() >= 63 ? Long.MAX_VALUE : 1L << config.maxPowBits();
    if (effort > maxEffort) {
      throw clientSide(ErrorCode.POW_INSUFFICIENT, "the server asks for a proof-of-work effort of " + effort
          + ", more than the 2^" + config.maxPowBits() + " this client does");
    }
    Thread caller = Thread.currentThread();
    try {
      return solver.solveEffort(challenge, effort, hashesDone, caller::isInterrupted).nonce();
    } catch (CancellationException e) {
      throw new InterruptedException("proof of work cancelled");
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server + path)).timeout(config.requestTimeout());
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder post(String path, byte[] body) {
    return request(path).header("Content-Type", PROTOBUF).POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /**
   * Sends and reads the whole answer within the request timeout. Any status but {@code expectedStatus} becomes an
   * {@link IdentityClientException} from the server's {@code Error} body.
   */
  private byte[] exchange(HttpRequest request, int expectedStatus)
      throws IOException, InterruptedException, IdentityClientException {
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request, LimitedBodySubscriber.handler(config.maxResponseBytes()));
    HttpResponse<byte[]> response;
    try {
      response = future.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new IOException("no complete answer from the server within " + config.requestTimeout().toSeconds() + " s");
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (tunnel != null && cause instanceof IOException) {
        java.util.Optional<IOException> throughProxy = tunnel.takeFailure();
        if (throughProxy.isPresent()) {
          throw throughProxy.get();
        }
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause.getMessage() != null ? cause.getMessage() : cause.toString(), cause);
    }
    if (response.statusCode() == expectedStatus) {
      return response.body();
    }
    throw serverError(response);
  }

  private static IdentityClientException serverError(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    io.rvnt.protocol.wire.Error error;
    try {
      error = io.rvnt.protocol.wire.Error.parseFrom(response.body());
    } catch (InvalidProtocolBufferException e) {
      return new IdentityClientException(ErrorCode.ERROR_CODE_UNSPECIFIED, status,
          "the server answered HTTP " + status + " without a readable error");
    }
    ErrorCode code = error.getCode() == ErrorCode.UNRECOGNIZED ? ErrorCode.ERROR_CODE_UNSPECIFIED : error.getCode();
    String text = printable(error.getMessage());
    StringBuilder message = new StringBuilder(text.isEmpty() ? "HTTP " + status : text);
    PowTarget target = null;
    if (error.getPowSeed().size() == ProofOfWork.SEED_BYTES && error.getRequiredPowEffort() > 0) {
      target = new PowTarget(error.getPowSeed().toByteArray(), error.getRequiredPowEffort());
      message.append(" (suggested proof-of-work effort: ").append(error.getRequiredPowEffort()).append(')');
    } else if (error.getRequiredPowBits() > 0) {
      message.append(" (required proof of work: ").append(error.getRequiredPowBits()).append(" bits)");
    }
    if (error.getRetryAfterSeconds() > 0) {
      message.append(" (retry after ").append(error.getRetryAfterSeconds()).append(" s)");
    }
    return new IdentityClientException(code, status, message.toString(), target, error.getRetryAfterSeconds());
  }

  /**
   * The server's message as one printable line of at most {@link #MAX_MESSAGE_CHARS} characters: a hostile server
   * must not be able to drive the terminal of whoever reads it.
   */
  static String printable(String message) {
    StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_CHARS));
    for (int i = 0; i < message.length() && out.length() < MAX_MESSAGE_CHARS; i++) {
      char c = message.charAt(i);
      out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
    }
    return out.toString().strip();
  }

  private static <T> T parse(byte[] body, com.google.protobuf.Parser<T> parser) throws IdentityClientException {
    try {
      return parser.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw clientSide(ErrorCode.MALFORMED_REQUEST, "the server's answer is malformed");
    }
  }

  private static void requireUsername(String username) throws IdentityClientException {
    if (!Usernames.isValid(username)) {
      throw clientSide(ErrorCode.INVALID_USERNAME,
          "a username is 3 to 32 characters: a lowercase letter, then lowercase letters, digits or _");
    }
  }

  private static IdentityClientException clientSide(ErrorCode code, String message) {
    return new IdentityClientException(code, IdentityClientException.CLIENT_SIDE, message);
  }
}
