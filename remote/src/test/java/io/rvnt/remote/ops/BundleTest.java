package io.rvnt.remote.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.remote.RemoteException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {
  @TempDir Path dir;

  @Test
  void takesTheVersionFromTheFileNameAndHashesTheBytes() throws Exception {
    Path file = Files.writeString(dir.resolve("rvnt-1.2.3.tar.gz"), "abc");
    Bundle bundle = Bundle.of(file);
    assertThat(bundle.version()).isEqualTo("1.2.3");
    assertThat(bundle.folder()).isEqualTo("rvnt-1.2.3");
    assertThat(bundle.sha256()).as("SHA-256 of 'abc' (FIPS 180-2 example)")
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void rejectsAFileNotNamedLikeABundle() throws Exception {
    Path file = Files.writeString(dir.resolve("release.tgz"), "x");
    assertThatThrownBy(() -> Bundle.of(file)).isInstanceOf(RemoteException.class)
        .hasMessageContaining("rvnt-VERSION.tar.gz");
  }

  @Test
  void rejectsAVersionThatCouldEscapeAPath() throws Exception {
    Path file = Files.writeString(dir.resolve("rvnt-..;x.tar.gz"), "x");
    assertThatThrownBy(() -> Bundle.of(file)).isInstanceOf(RemoteException.class);
  }

  @Test
  void rejectsAMissingFile() {
    assertThatThrownBy(() -> Bundle.of(dir.resolve("rvnt-1.0.tar.gz"))).isInstanceOf(RemoteException.class)
        .hasMessageContaining("no such file");
  }
}
