package io.rvnt.remote.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryTest {
  static final String PIN = "SHA256:" + "a".repeat(43);

  @TempDir Path dir;

  static Host host(String name) {
    return new Host(name, "203.0.113.5", 22, "ops", Role.BOOTSTRAP, Optional.of(PIN), ServiceMode.SYSTEMD, "/",
        Path.of("/home/ops/.ssh/id_ed25519"), 9091);
  }

  @Test
  void savesAndLoadsEveryFieldInPrivateFiles() throws Exception {
    Path file = dir.resolve("cfg/rvnt/remote/hosts.conf");
    Inventory inventory = Inventory.load(file);
    assertThat(inventory.hosts()).as("a missing file is an empty inventory").isEmpty();
    Host plain = new Host("test", "127.0.0.1", 2222, "root", Role.IDENTITY_PASSIVE, Optional.empty(),
        ServiceMode.PLAIN, "/tmp/host", Path.of("/k"), 19090);
    inventory.add(host("boot1"));
    inventory.add(plain);

    Inventory again = Inventory.load(file);
    assertThat(again.hosts()).as("every field survives a round trip, in order").containsExactly(host("boot1"), plain);
    assertThat(Files.getPosixFilePermissions(file)).as("hosts.conf is 0600")
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.getParent())).as("its folder is 0700")
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void aMalformedFileGivesAnEmptyInventoryThatSaysWhyAndNeverOverwritesTheFile() throws Exception {
    Path file = dir.resolve("hosts.conf");
    String malformed = "[boot1]\naddress = 192.0.2.1\nport = twenty-two\n";
    Files.writeString(file, malformed);

    Inventory inventory = Inventory.loadOrExplain(file);

    assertThat(inventory.hosts()).as("nothing of a malformed file is used").isEmpty();
    assertThat(inventory.problem()).as("the problem is load's own refusal, with the line")
        .hasValueSatisfying(p -> assertThat(p).isEqualTo(file + " line 1 [boot1]: role: missing"));
    assertThatThrownBy(() -> inventory.add(host("boot2"))).as("adding would overwrite the operator's file")
        .isInstanceOf(RemoteException.class).hasMessageEndingWith("nothing is written to " + file
            + " until it reads: fix it, then start again");
    assertThatThrownBy(() -> inventory.remove("boot1")).isInstanceOf(RemoteException.class);
    assertThat(inventory.hosts()).as("a refused change changes nothing").isEmpty();
    assertThat(file).as("the file is as the operator left it").hasContent(malformed.strip());
    assertThat(Inventory.loadOrExplain(dir.resolve("absent.conf")).problem()).as("a missing file is no problem")
        .isEmpty();
  }

  @Test
  void aFileThatIsNotUtf8IsABadInventoryNamingItsLine() throws Exception {
    Path file = dir.resolve("hosts.conf");
    // Latin-1 'e' with an accent (0xE9) on line 3, as an editor set to another encoding writes it.
    byte[] latin1 = "[boot1]\naddress = 192.0.2.1\n# r\u00e9lai\n".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, latin1);
    assertThatThrownBy(() -> Inventory.load(file)).as("the operator's mistake, not an I/O failure")
        .isInstanceOfSatisfying(RemoteException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INVENTORY))
        .hasMessage(file + " line 3: not UTF-8 text (save the file as UTF-8)");
  }

  @Test
  void neverReplacesAHostSilently() throws Exception {
    Inventory inventory = Inventory.load(dir.resolve("hosts.conf"));
    inventory.add(host("boot1"));
    assertThatThrownBy(() -> inventory.add(host("boot1"))).isInstanceOf(RemoteException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void pinsAnAcceptedKeyByUpdate() throws Exception {
    Inventory inventory = Inventory.load(dir.resolve("hosts.conf"));
    Host unpinned = new Host("b", "h", 22, "ops", Role.BOOTSTRAP, Optional.empty(), ServiceMode.SYSTEMD, "/",
        Path.of("/k"), 9091);
    inventory.add(unpinned);
    inventory.update(unpinned.withHostKey(PIN));
    assertThat(Inventory.load(dir.resolve("hosts.conf")).get("b").hostKey()).contains(PIN);
  }

  @Test
  void removedHostIsGone() throws Exception {
    Inventory inventory = Inventory.load(dir.resolve("hosts.conf"));
    inventory.add(host("boot1"));
    inventory.remove("boot1");
    assertThat(Inventory.load(dir.resolve("hosts.conf")).find("boot1")).isEmpty();
    assertThatThrownBy(() -> inventory.remove("boot1")).isInstanceOf(RemoteException.class)
        .hasMessageContaining("no host named 'boot1'");
  }

  @Test
  void rejectsAnUnknownKey() {
    assertBad("[a]\naddress = h\nuser = u\nrole = bootstrap\nidentity-file = /k\npassword = x\n",
        "unknown key 'password'");
  }

  @Test
  void rejectsAKeySetTwice() {
    assertBad("[a]\naddress = h\naddress = i\n", "'address' set twice");
  }

  @Test
  void rejectsAHostListedTwice() {
    String body = "address = h\nuser = u\nrole = bootstrap\nidentity-file = /k\n";
    assertBad("[a]\n" + body + "[a]\n" + body, "listed twice");
  }

  @Test
  void rejectsALineOutsideASection() {
    assertBad("address = h\n", "expected [name] or key = value");
  }

  @Test
  void rejectsAMissingRequiredKey() {
    assertBad("[a]\naddress = h\nrole = bootstrap\nidentity-file = /k\n", "user: missing");
  }

  @Test
  void rejectsAnUnknownRole() {
    assertBad("[a]\naddress = h\nuser = u\nrole = mailserver\nidentity-file = /k\n", "unknown role 'mailserver'");
  }

  @Test
  void aRelayHostRunsTheRelayServiceWithRvntRelayServicesAdminPort() throws Exception {
    Host relay = Inventory.parse(dir.resolve("hosts.conf"), "[r1]\naddress = h\nuser = u\nrole = relay\n"
        + "identity-file = /k\n").get("r1");
    assertThat(relay.role()).isEqualTo(Role.RELAY);
    assertThat(relay.role().service()).as("install.sh --role and rvnt-service take 'relay'").isEqualTo("relay");
    assertThat(relay.adminPort()).as("rvnt-relay.service's --admin port").isEqualTo(9092);
  }

  @Test
  void rejectsAMalformedFingerprint() {
    assertBad("[a]\naddress = h\nuser = u\nrole = bootstrap\nidentity-file = /k\nhost-key = MD5:aa\n", "host-key");
  }

  @Test
  void rejectsARootOtherThanSlashInSystemdMode() {
    assertBad("[a]\naddress = h\nuser = u\nrole = bootstrap\nidentity-file = /k\nroot = /srv\n", "root");
  }

  @Test
  void rejectsARootThatCouldEscapeIntoShell() {
    assertBad("[a]\naddress = h\nuser = u\nrole = bootstrap\nidentity-file = /k\nservice-mode = plain\n"
        + "root = /tmp/x;rm -rf /\n", "root");
    assertBad("[a]\naddress = h\nuser = u\nrole = bootstrap\nidentity-file = /k\nservice-mode = plain\n"
        + "root = /tmp/../etc\n", "root");
  }

  @Test
  void rejectsAPortOutOfRange() {
    assertBad("[a]\naddress = h\nuser = u\nrole = bootstrap\nidentity-file = /k\nport = 70000\n", "port");
  }

  private void assertBad(String text, String message) {
    assertThatThrownBy(() -> Inventory.parse(dir.resolve("hosts.conf"), text))
        .as("bad inventory names the problem: " + message)
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((RemoteException) e).reason()).isEqualTo(Reason.BAD_INVENTORY));
  }
}
