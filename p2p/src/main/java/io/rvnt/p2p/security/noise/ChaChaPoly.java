package io.rvnt.p2p.security.noise;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;

/**
 * Where the ChaCha20-Poly1305 of Noise comes from: the JDK's by default; Conscrypt (BoringSSL through JCA) when the
 * system property {@value #PROPERTY}{@code =conscrypt} asks for it and its native library loads on this platform. On
 * JDK 17 the JDK's is plain Java and bounds a Noise connection's throughput; BoringSSL's is several times faster
 * (BENCHMARKS.md). Conscrypt stays opt-in, for benchmarks, until two Java hosts pass HostTest over it: with it, the
 * connection of HostTest.twoJavaHostsConnectPingIdentifyAndEcho closed during its 4 MiB echo (2026-12-02).
 */
public final class ChaChaPoly {

  /** System property: {@code conscrypt} to use Conscrypt's ChaCha20-Poly1305 where it loads; else the JDK's. */
  public static final String PROPERTY = "rvnt.noise.aead";

  private static final Provider CONSCRYPT = conscrypt();

  private ChaChaPoly() {}

  /** The implementation new Noise ciphers use: "Conscrypt" or "JDK". */
  public static String implementation() {
    return CONSCRYPT != null ? "Conscrypt" : "JDK";
  }

  /** A new ChaCha20-Poly1305 cipher, not initialised; the key algorithm is "ChaCha20" for either. */
  static Cipher newCipher() {
    try {
      return CONSCRYPT != null
          ? Cipher.getInstance("ChaCha20/Poly1305/NoPadding", CONSCRYPT)
          : Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new AssertionError("JDK 11 and later, and Conscrypt, have ChaCha20-Poly1305", e);
    }
  }

  private static Provider conscrypt() {
    if (!"conscrypt".equals(System.getProperty(PROPERTY))) {
      return null;
    }
    try {
      if (!org.conscrypt.Conscrypt.isAvailable()) {
        return null;
      }
      Provider provider = org.conscrypt.Conscrypt.newProvider();
      // Not registered globally: only Noise asks it for ciphers. Checked once here, so a provider without the
      // algorithm falls back rather than failing every connection.
      Cipher.getInstance("ChaCha20/Poly1305/NoPadding", provider);
      return provider;
    } catch (LinkageError | GeneralSecurityException | RuntimeException e) {
      // No native library for this platform (or no Conscrypt at all): the JDK's cipher is the fallback.
      return null;
    }
  }
}
