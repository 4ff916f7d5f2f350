package io.rvnt.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures Ed25519 verifications per second, single thread, for bench scripts (never a test): {@code strict} is
 * {@link Ed25519#verify}, the project's rule (BouncyCastle's rfc8032 plus the subgroup checks that make it
 * cofactorless, spec §4); {@code bouncycastle} is BouncyCastle's rfc8032 verify alone (cofactored, not used: it shows
 * what the rule costs); {@code jdk} is the JDK's "Ed25519" provider. Prints
 * {@code ed25519_verify provider=P verifications_per_second=R}.
 *
 * <p>Usage: {@code java -cp rvnt.jar io.rvnt.protocol.crypto.Ed25519Benchmark [seconds]}.
 */
public final class Ed25519Benchmark {
  private Ed25519Benchmark() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    // A typical signed request: the six lines of spec §5.
    byte[] message = ("rvnt-identity/1 request\nPUT\n/v1/prekeys\nalice\n1700000000000\n"
        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").getBytes(StandardCharsets.UTF_8);

    Ed25519.KeyPair bcPair = Ed25519.generate(new SecureRandom());
    byte[] bcSignature = Ed25519.sign(bcPair.seed(), message);
    byte[] bcPublic = bcPair.publicKey();

    KeyPair jdkPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(jdkPair.getPrivate());
    signer.update(message);
    byte[] jdkSignature = signer.sign();
    PublicKey jdkPublic = jdkPair.getPublic();
    Signature verifier = Signature.getInstance("Ed25519");

    Verification strict = () -> Ed25519.verify(bcPublic, message, bcSignature);
    Verification bc = () -> org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
        bcSignature, 0, bcPublic, 0, message, 0, message.length);
    Verification jdk = () -> {
      verifier.initVerify(jdkPublic);
      verifier.update(message);
      return verifier.verify(jdkSignature);
    };
    // The two implementations agree on what they sign (Ed25519 is deterministic).
    byte[] rawJdkPublic = Arrays.copyOfRange(jdkPublic.getEncoded(), jdkPublic.getEncoded().length - 32,
        jdkPublic.getEncoded().length);
    if (!Ed25519.verify(rawJdkPublic, message, jdkSignature)) {
      throw new AssertionError("BouncyCastle does not verify the JDK's signature");
    }
    run("strict", strict, Math.min(1, seconds));
    run("bouncycastle", bc, Math.min(1, seconds));
    run("jdk", jdk, Math.min(1, seconds));
    print("strict", run("strict", strict, seconds));
    print("bouncycastle", run("bouncycastle", bc, seconds));
    print("jdk", run("jdk", jdk, seconds));
  }

  private static void print(String provider, double rate) {
    System.out.printf(Locale.ROOT, "ed25519_verify provider=%s verifications_per_second=%.0f%n", provider, rate);
  }

  private interface Verification {
    boolean verify() throws Exception;
  }

  private static double run(String name, Verification verification, double seconds) throws Exception {
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    long count = 0;
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 64; i++) {
        if (!verification.verify()) {
          throw new AssertionError(name + " refused a valid signature");
        }
      }
      count += 64;
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
