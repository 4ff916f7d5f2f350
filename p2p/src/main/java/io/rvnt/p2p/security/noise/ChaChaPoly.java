package io.rvnt.p2p.security.noise;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;

/**
 * Where the ChaCha20-Poly1305 of Noise comes from: Conscrypt (BoringSSL through JCA) when its native library loads on
 * this platform, the JDK's otherwise. On JDK 17 the JDK's is plain Java, about 130 MB/s on this project's machine, and
 * bounds a Noise connection's throughput; BoringSSL's runs on the CPU's vector units. Both compute the same RFC 8439
 * AEAD, so peers cannot tell. The system property {@value #PROPERTY}{@code =jdk} keeps the JDK's (to compare the two
 * or where Conscrypt misbehaves).
 */
public final class ChaChaPoly {

  /** System property: {@code jdk} to use the JDK's ChaCha20-Poly1305 even where Conscrypt loads. */
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
    if ("jdk".equals(System.getProperty(PROPERTY))) {
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
