package io.rvnt.p2p.security.noise;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Cipher;

/**
 * Where the ChaCha20-Poly1305 of Noise comes from: Conscrypt (BoringSSL through JCA) where its native library loads,
 * the JDK's otherwise or when the system property {@value #PROPERTY}{@code =jdk} asks for it. On JDK 17 the JDK's is
 * plain Java and bounds a Noise connection's throughput; BoringSSL's is several times faster (BENCHMARKS.md).
 *
 * <p>Conscrypt must be handed direct buffers ({@link #directBuffers()}): given a {@code byte[]}, its JNI code copies
 * the whole array in and writes the whole array back after the operation, and a pooled heap buffer's array is a chunk
 * shared with other buffers, which other threads write meanwhile. Those writes were undone, and frames of other
 * connections turned to garbage (HostTest's 4 MiB echo between two Java hosts failed so, 2026-12-02). A direct
 * buffer is read and written through its address alone.
 */
public final class ChaChaPoly {

  /** System property: {@code jdk} to use the JDK's ChaCha20-Poly1305 even where Conscrypt loads. */
  public static final String PROPERTY = "rvnt.noise.aead";

  private static final Logger LOG = Logger.getLogger(ChaChaPoly.class.getName());

  /** The JDK's cipher ("ChaCha20-Poly1305" of SunJCE), present on every JDK from 11; works on heap arrays. */
  public static final ChaChaPoly JDK = new ChaChaPoly("JDK", null);

  private static final Loading CONSCRYPT = Loading.conscrypt();

  private static final ChaChaPoly PREFERRED = choose(System.getProperty(PROPERTY), CONSCRYPT, LOG);

  private final String name;
  private final Provider provider;

  private ChaChaPoly(String name, Provider provider) {
    this.name = name;
    this.provider = provider;
  }

  /** The cipher hosts use unless told otherwise: Conscrypt's where it loads, unless {@value #PROPERTY}=jdk. */
  public static ChaChaPoly preferred() {
    return PREFERRED;
  }

  /** Conscrypt's cipher, if its native library loads on this platform. */
  public static Optional<ChaChaPoly> conscrypt() {
    return Optional.ofNullable(CONSCRYPT.provider()).map(p -> new ChaChaPoly("Conscrypt", p));
  }

  /** "Conscrypt" or "JDK". */
  public String name() {
    return name;
  }

  /** True when frames must sit in direct buffers (Conscrypt), false for heap buffers (the JDK's works on arrays). */
  public boolean directBuffers() {
    return provider != null;
  }

  @Override
  public String toString() {
    return name;
  }

  /** A new cipher, not initialised; the key algorithm is "ChaCha20" for either. */
  Cipher newCipher() {
    try {
      return provider != null
          ? Cipher.getInstance("ChaCha20/Poly1305/NoPadding", provider)
          : Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new AssertionError("JDK 11 and later have ChaCha20-Poly1305, and Conscrypt's was checked at loading", e);
    }
  }

  /**
   * The choice behind {@link #preferred()}, logged once when it is not the fastest: {@code jdk} picks the JDK's;
   * anything else Conscrypt's where it loaded. The log line names the property's value or the error's type, nothing
   * about any peer.
   */
  static ChaChaPoly choose(String property, Loading conscrypt, Logger log) {
    if ("jdk".equals(property)) {
      log.info("Noise: the JDK's ChaCha20-Poly1305, as -D" + PROPERTY + "=jdk asks");
      return JDK;
    }
    if (property != null && !"conscrypt".equals(property)) {
      log.warning("Noise: -D" + PROPERTY + " takes jdk or conscrypt, not '" + property + "'; using the default");
    }
    if (conscrypt.provider() == null) {
      log.warning("Noise: Conscrypt's ChaCha20-Poly1305 did not load (" + conscrypt.failure()
          + "); using the JDK's, which is several times slower on JDK 17");
      return JDK;
    }
    return new ChaChaPoly("Conscrypt", conscrypt.provider());
  }

  /** Conscrypt's provider, or the type of the error that kept it from loading. */
  record Loading(Provider provider, String failure) {

    static Loading conscrypt() {
      try {
        org.conscrypt.Conscrypt.checkAvailability();
        Provider provider = org.conscrypt.Conscrypt.newProvider();
        // Not registered globally: only Noise asks it for ciphers. Checked once here, so a provider without the
        // algorithm falls back rather than failing every connection.
        Cipher.getInstance("ChaCha20/Poly1305/NoPadding", provider);
        return new Loading(provider, null);
      } catch (LinkageError | GeneralSecurityException | RuntimeException e) {
        // No native library for this platform (or no Conscrypt at all): the JDK's cipher is the fallback.
        return new Loading(null, e.getClass().getSimpleName());
      }
    }
  }
}
