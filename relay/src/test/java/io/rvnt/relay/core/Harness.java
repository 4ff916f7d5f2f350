package io.rvnt.relay.core;

import io.rvnt.relay.protocol.Days;
import io.rvnt.relay.protocol.OwnerProof;
import io.rvnt.relay.protocol.OwnerSignature;
import io.rvnt.relay.protocol.Padding;
import io.rvnt.relay.protocol.RelayIds;
import io.rvnt.relay.protocol.RelayRequest;
import io.rvnt.relay.protocol.RelayResponse;
import io.rvnt.testsupport.MutableClock;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A relay's rules over a given store with a clock and a disk reading the test moves, and the client side of each
 * request: signs with a fresh challenge, as the edge would hand it over. Workers run on the caller's thread.
 */
final class Harness implements AutoCloseable {

  static final SecureRandom RANDOM = new SecureRandom();
  static final byte[] RELAY_ID = HexFormat.of().parseHex(
      "002408011220" + "11".repeat(32));

  final MutableClock clock = MutableClock.atFixedInstant();
  final AtomicLong freeDisk = new AtomicLong(Long.MAX_VALUE);
  final RelayCounters counters = new RelayCounters();
  final RelayStore store;
  final Relay relay;

  Harness(RelayStore store, RelayLimits limits) {
    this.store = store;
    this.relay = new Relay(store, limits, RELAY_ID, clock, freeDisk::get, counters, Runnable::run);
    relay.start();
  }

  static byte[] seed() {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    return seed;
  }

  static byte[] id() {
    byte[] id = new byte[RelayIds.ID_BYTES];
    RANDOM.nextBytes(id);
    return id;
  }

  static byte[] blob(String text) {
    return Padding.pad(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  int today() {
    return Days.today(clock);
  }

  RelayResponse call(RelayRequest request) {
    return call(request, null);
  }

  RelayResponse call(RelayRequest request, Challenge outstanding) {
    try {
      return relay.handle(request, outstanding).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the relay gave no answer", e);
    }
  }

  /** A signed request answering a challenge the relay just issued. */
  RelayResponse signed(OwnerSignature.Op op, byte[] seed, byte[] payload, Function<OwnerProof, RelayRequest> r) {
    Challenge challenge = relay.newChallenge();
    return call(r.apply(OwnerSignature.sign(op, RELAY_ID, challenge.bytes(), seed, payload)), challenge);
  }

  RelayResponse create(byte[] seed) {
    byte[] publicKey = io.rvnt.protocol.crypto.Ed25519.publicKey(seed);
    long nonce = new io.rvnt.protocol.pow.PowSolver(1).solve(RelayIds.createPowChallenge(RELAY_ID, publicKey),
        relay.limits().createPowBits(), n -> { }, () -> false).nonce();
    return signed(OwnerSignature.Op.CREATE, seed, new byte[0],
        owner -> new RelayRequest.CreateMailboxRequest(owner, nonce));
  }

  RelayResponse register(byte[] seed, int day, List<byte[]> ids) {
    return signed(OwnerSignature.Op.REGISTER, seed, OwnerSignature.registerPayload(day, ids),
        owner -> new RelayRequest.RegisterDepositsRequest(owner, day, ids));
  }

  RelayResponse deposit(byte[] depositId, byte[] blob) {
    return call(new RelayRequest.DepositRequest(depositId, blob));
  }

  RelayResponse collect(byte[] seed, List<byte[]> acknowledge, int max) {
    return signed(OwnerSignature.Op.COLLECT, seed, OwnerSignature.collectPayload(max, acknowledge),
        owner -> new RelayRequest.CollectRequest(owner, acknowledge, max));
  }

  RelayResponse delete(byte[] seed) {
    return signed(OwnerSignature.Op.DELETE, seed, new byte[0], RelayRequest.DeleteMailboxRequest::new);
  }

  /** What the store holds, in hex, for before-and-after comparisons. */
  Map<String, String> stored() {
    Map<String, String> out = new LinkedHashMap<>();
    store.scan(new byte[0], new byte[] {(byte) 0xff}, (k, v) -> {
      out.put(HexFormat.of().formatHex(k), HexFormat.of().formatHex(v));
      return true;
    });
    return out;
  }

  @Override
  public void close() {
    relay.close();
    store.close();
  }
}
