package io.rvnt.p2p.security.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Which ChaCha20-Poly1305 Noise runs on, and what the choice says when it is not the fast one. */
class ChaChaPolyTest {

  private final List<LogRecord> records = new ArrayList<>();
  private final Logger log = Logger.getAnonymousLogger();

  ChaChaPolyTest() {
    log.setUseParentHandlers(false);
    log.addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
  }

  @Test
  void conscryptIsTheDefaultWhereItLoads() {
    assertThat(ChaChaPoly.preferred().name())
        .as("Conscrypt loads on linux-x86_64 and is preferred unless -D%s=jdk", ChaChaPoly.PROPERTY)
        .isEqualTo("Conscrypt");
    assertThat(ChaChaPoly.preferred().directBuffers()).as("Conscrypt is handed direct buffers only").isTrue();
    assertThat(ChaChaPoly.JDK.directBuffers()).as("the JDK's cipher works on heap arrays").isFalse();
  }

  @Test
  void choosesConscryptSilentlyWhenItLoaded() {
    ChaChaPoly chosen = ChaChaPoly.choose(null, ChaChaPoly.Loading.conscrypt(), log);

    assertThat(chosen.name()).isEqualTo("Conscrypt");
    assertThat(records).as("the fast path logs nothing").isEmpty();
  }

  @Test
  void fallsBackToTheJdksWithOneWarningNamingOnlyTheErrorWhenConscryptDoesNotLoad() {
    ChaChaPoly chosen = ChaChaPoly.choose(null, new ChaChaPoly.Loading(null, "UnsatisfiedLinkError"), log);

    assertThat(chosen).as("without Conscrypt's native library the JDK's cipher is the fallback")
        .isSameAs(ChaChaPoly.JDK);
    assertThat(records).as("one line says so").hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(records.get(0).getMessage()).as("the line names the error's type and the fallback")
        .isEqualTo("Noise: Conscrypt's ChaCha20-Poly1305 did not load (UnsatisfiedLinkError); using the JDK's, "
            + "which is several times slower on JDK 17");
  }

  @Test
  void theJdkPropertyPicksTheJdksEvenWhereConscryptLoads() {
    assertThat(ChaChaPoly.choose("jdk", ChaChaPoly.Loading.conscrypt(), log)).isSameAs(ChaChaPoly.JDK);
    assertThat(records).extracting(LogRecord::getLevel).as("said once, as information").containsExactly(Level.INFO);
  }

  @Test
  void anUnknownPropertyValueIsNamedInAWarningAndChangesNothing() {
    ChaChaPoly chosen = ChaChaPoly.choose("openssl", ChaChaPoly.Loading.conscrypt(), log);

    assertThat(chosen.name()).as("the default stands").isEqualTo("Conscrypt");
    assertThat(records).extracting(LogRecord::getMessage)
        .containsExactly("Noise: -D" + ChaChaPoly.PROPERTY + " takes jdk or conscrypt, not 'openssl'; using the default");
  }
}
