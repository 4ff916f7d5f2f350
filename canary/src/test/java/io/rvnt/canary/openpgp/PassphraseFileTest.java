package io.rvnt.canary.openpgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.canary.CanaryException;
import io.rvnt.canary.CanaryException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassphraseFileTest {
  @TempDir Path temp;

  @Test
  void readsTheFirstLineWithoutItsLineEndLikeGpg() throws Exception {
    assertThat(PassphraseFile.read(file("rw-------", "two words\nignored\n"))).containsExactly("two words".toCharArray());
    assertThat(PassphraseFile.read(file("r--------", "crlf\r\n"))).containsExactly("crlf".toCharArray());
    assertThat(PassphraseFile.read(file("rw-------", "no line end"))).containsExactly("no line end".toCharArray());
    assertThat(PassphraseFile.read(file("rw-------", "ünïcödé\n"))).containsExactly("ünïcödé".toCharArray());
  }

  @Test
  void refusesAWorldReadablePassphraseFile() throws Exception {
    Path file = file("rw-r--r--", "secret\n");
    assertThatThrownBy(() -> PassphraseFile.read(file))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_PERMISSIONS))
        .hasMessageContaining("open to group or others (rw-r--r--)")
        .hasMessageContaining("chmod 600")
        .hasMessageNotContaining("secret");
  }

  @Test
  void refusesAGroupReadablePassphraseFile() throws Exception {
    Path file = file("rw-r-----", "secret\n");
    assertThatThrownBy(() -> PassphraseFile.read(file))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INSECURE_PERMISSIONS));
  }

  @Test
  void refusesAnEmptyPassphrase() throws Exception {
    Path file = file("rw-------", "\nsecond line\n");
    assertThatThrownBy(() -> PassphraseFile.read(file)).hasMessageContaining("empty first line");
  }

  @Test
  void refusesAFileOverTheLimit() throws Exception {
    Path file = file("rw-------", "x".repeat(PassphraseFile.MAX_BYTES + 1));
    assertThatThrownBy(() -> PassphraseFile.read(file)).hasMessageContaining("over the limit of 1024 bytes");
  }

  @Test
  void refusesAMissingFile() {
    assertThatThrownBy(() -> PassphraseFile.read(temp.resolve("absent")))
        .isInstanceOfSatisfying(CanaryException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INPUT))
        .hasMessageContaining("does not exist");
  }

  @Test
  void refusesBytesThatAreNotUtf8() throws Exception {
    Path file = temp.resolve("binary");
    Files.write(file, new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> PassphraseFile.read(file)).hasMessageContaining("not UTF-8");
  }

  private Path file(String mode, String content) throws Exception {
    Path file = Files.createTempFile(temp, "pass", "");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }
}
