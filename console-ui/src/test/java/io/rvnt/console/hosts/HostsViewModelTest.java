package io.rvnt.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.rvnt.console.Direct;
import io.rvnt.console.work.BackgroundWork;
import io.rvnt.operator.instances.InstanceState;
import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.inventory.Inventory;
import io.rvnt.remote.ops.ActionResult;
import io.rvnt.remote.ops.Bundle;
import io.rvnt.remote.ops.Cancellation;
import io.rvnt.remote.ops.Fleet;
import io.rvnt.remote.ops.Outcome;
import io.rvnt.remote.ops.Progress;
import io.rvnt.remote.ssh.Credentials;
import io.rvnt.remote.ssh.HostKeyDecision;
import io.rvnt.remote.ssh.RemoteSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hosts screen's rules, on the calling thread with fake remote services: no FX thread, no SSH. */
class HostsViewModelTest {
  static final String FINGERPRINT = "SHA256:" + "Q".repeat(43);

  @TempDir Path dir;
  final List<String> shownFingerprints = new ArrayList<>();
  final List<char[]> secretsGiven = new ArrayList<>();
  boolean operatorAccepts = true;
  final FakeOps ops = new FakeOps();

  final HostPrompts prompts = new HostPrompts() {
    @Override
    public boolean acceptHostKey(String host, String fingerprint) {
      shownFingerprints.add(host + " " + fingerprint);
      return operatorAccepts;
    }

    @Override
    public char[] secret(String title, String prompt) {
      char[] secret = "123456".toCharArray();
      secretsGiven.add(secret);
      return secret;
    }
  };

  HostsViewModel model() throws RemoteException {
    return new HostsViewModel(Inventory.load(dir.resolve("hosts.conf")), dir.resolve("actions.log"), ops, prompts,
        new BackgroundWork(Runnable::run, new Direct()), new Direct(), () -> {},
        Clock.fixed(Instant.ofEpochSecond(1000), ZoneOffset.UTC));
  }

  static HostForm form(String name) {
    return new HostForm(name, "127.0.0.1", "2222", "root", "identity-active", "/keys/id", "plain", "/tmp/h", "");
  }

  @Test
  void pinsAHostKeyOnlyAfterTheOperatorAcceptedItsFingerprint() throws Exception {
    HostsViewModel model = model();
    model.addHost(form("id1"));

    assertThat(shownFingerprints).as("the operator saw the fingerprint before anything was written")
        .containsExactly("id1 " + FINGERPRINT);
    assertThat(model.hosts()).extracting(HostRow::fingerprint).containsExactly(FINGERPRINT);
    assertThat(Inventory.load(dir.resolve("hosts.conf")).get("id1").hostKey()).as("pinned in hosts.conf")
        .contains(FINGERPRINT);
    assertThat(model.work().errorProperty().get()).isEmpty();
  }

  @Test
  void offersEveryInventoryRoleTheWitnessIncludedAndAddsAWitnessHost() throws Exception {
    HostsViewModel model = model();
    assertThat(model.roleChoices()).as("the role choices are the inventory's roles, in its spelling")
        .containsExactly("identity-active", "identity-passive", "identity-witness", "bootstrap", "relay");

    model.addHost(new HostForm("w1", "127.0.0.1", "2222", "root", "identity-witness", "/keys/id", "plain", "/tmp/h",
        ""));

    assertThat(model.hosts()).extracting(HostRow::role).as("a witness host is added with its role")
        .containsExactly("identity-witness");
    assertThat(Inventory.load(dir.resolve("hosts.conf")).get("w1").adminPort())
        .as("the witness's admin port is its shipped config's").isEqualTo(9090);
  }

  @Test
  void aRefusedFingerprintAddsNothing() throws Exception {
    operatorAccepts = false;
    HostsViewModel model = model();
    model.addHost(form("id1"));

    assertThat(model.hosts()).as("a refused key adds no host").isEmpty();
    assertThat(dir.resolve("hosts.conf")).as("nothing written").doesNotExist();
    assertThat(model.work().errorProperty().get()).contains("was not accepted");
  }

  @Test
  void aChangedHostKeyIsRefusedWithItsReason() throws Exception {
    ops.changedKey = true;
    HostsViewModel model = model();
    model.addHost(form("id1"));

    assertThat(model.hosts()).isEmpty();
    assertThat(shownFingerprints).as("a key that differs from known_hosts is never offered for acceptance").isEmpty();
    assertThat(model.work().errorProperty().get()).contains("differs from the one in");
  }

  @Test
  void aBadFieldIsNamedAndChangesNothing() throws Exception {
    HostsViewModel model = model();
    model.addHost(new HostForm("id1", "127.0.0.1", "twenty-two", "root", "identity-active", "/k", "plain", "/t", ""));
    assertThat(model.work().errorProperty().get()).isEqualTo("Cannot add host: port: expected a number, not "
        + "'twenty-two'");
    model.addHost(new HostForm("id1", "127.0.0.1", "22", "root", "mailserver", "/k", "plain", "/t", ""));
    assertThat(model.work().errorProperty().get()).contains("unknown role 'mailserver'");
    assertThat(shownFingerprints).as("no connection for a bad form").isEmpty();
    assertThat(dir.resolve("hosts.conf")).doesNotExist();
  }

  @Test
  void aMalformedHostsConfIsShownOnTheScreenAndNothingIsWrittenToIt() throws Exception {
    Path file = dir.resolve("hosts.conf");
    Files.writeString(file, "[id1]\naddress 127.0.0.1\n");
    HostsViewModel model = new HostsViewModel(Inventory.loadOrExplain(file), dir.resolve("actions.log"), ops, prompts,
        new BackgroundWork(Runnable::run, new Direct()), new Direct(), () -> {},
        Clock.fixed(Instant.ofEpochSecond(1000), ZoneOffset.UTC));

    assertThat(model.hosts()).isEmpty();
    assertThat(model.work().errorProperty().get()).as("the screen says why no host is shown, with the line")
        .startsWith("No hosts shown: " + file + " line 2: expected [name] or key = value. ").endsWith("Fix hosts.conf and reopen the console; nothing "
            + "is written to it until then");
    model.addHost(form("id2"));
    assertThat(model.work().errorProperty().get()).as("adding is refused before any connection")
        .startsWith("Cannot add host: No hosts shown: ");
    assertThat(shownFingerprints).isEmpty();
    assertThat(file).as("the operator's file is untouched").hasContent("[id1]\naddress 127.0.0.1");
  }

  @Test
  void refusesAddingANameTwiceSoAPinIsNeverReplacedSilently() throws Exception {
    HostsViewModel model = model();
    model.addHost(form("id1"));
    model.addHost(form("id1"));
    assertThat(model.work().errorProperty().get()).contains("already in the inventory");
    assertThat(shownFingerprints).hasSize(1);
  }

  @Test
  void runsAnActionOnEverySelectedHostWithOneOutcomeLineEach() throws Exception {
    HostsViewModel model = model();
    model.addHost(form("id1"));
    model.addHost(form("boot1"));
    model.run(HostAction.STATUS, List.of("id1", "boot1"));

    assertThat(ops.ran).as("each selected host, once").containsExactlyInAnyOrder("status id1", "status boot1");
    assertThat(model.results()).as("one clear outcome per host, newest first")
        .contains("id1  status  OK  active (pid 7)", "boot1  status  OK  active (pid 7)");
  }

  @Test
  void wipesEveryPassphraseAndCodeWhenTheActionEnds() throws Exception {
    HostsViewModel model = model();
    model.addHost(form("id1"));
    model.run(HostAction.RESTART, List.of("id1"));

    assertThat(secretsGiven).as("the code was asked because the host wanted it").hasSize(1);
    assertThat(secretsGiven.get(0)).as("and wiped after the action").containsOnly('\0');
  }

  @Test
  void deploysAllSelectedHostsInOneCallSoThatAClusterIsUpgradedOneMemberAtATime() throws Exception {
    HostsViewModel model = model();
    model.addHost(form("id1"));
    model.addHost(form("id2"));
    Path bundle = Files.writeString(dir.resolve("rvnt-0.2.0.tar.gz"), "bundle");
    model.bundlePathProperty().set(bundle.toString());

    model.run(HostAction.DEPLOY, List.of("id1", "id2"));

    assertThat(ops.ran).as("the selection goes to the cluster-aware deploy whole, not one host per call")
        .containsExactly("deploy id1, id2 0.2.0");
    assertThat(model.results()).contains("id1  deploy  OK  0.2.0  0.2.0 running and healthy");
  }

  @Test
  void deployNeedsABundleAndASelection() throws Exception {
    HostsViewModel model = model();
    model.addHost(form("id1"));
    model.run(HostAction.DEPLOY, List.of("id1"));
    assertThat(model.work().errorProperty().get()).contains("release bundle");
    model.run(HostAction.STATUS, List.of());
    assertThat(model.work().errorProperty().get()).contains("select at least one host");
    assertThat(ops.ran).as("nothing ran").isEmpty();
  }

  @Test
  void showsTheOperatorActionLogNewestFirst() throws Exception {
    Files.writeString(dir.resolve("actions.log"),
        "2026-01-01T00:00:00Z\tdeploy\tid1\t0.1.0\tok\n2026-01-02T00:00:00Z\tstop\tid1\t-\tok\n");
    HostsViewModel model = model();
    assertThat(model.log()).containsExactly("2026-01-02T00:00:00Z stop id1 - ok",
        "2026-01-01T00:00:00Z deploy id1 0.1.0 ok");
  }

  @Test
  void aHostBecomesAnInstanceOnlyOnceWatched() throws Exception {
    HostsViewModel model = model();
    model.addHost(form("id1"));
    model.addHost(new HostForm("boot1", "127.0.0.1", "", "root", "bootstrap", "/k", "plain", "/t", ""));

    assertThat(model.instances()).as("no guessed state for hosts the console does not watch").isEmpty();
    assertThat(model.allInstances()).extracting(i -> i.name() + " " + i.role().label())
        .containsExactly("id1 identity", "boot1 bootstrap");
    assertThat(model.allInstances().get(0).status().state()).isEqualTo(InstanceState.STOPPED);
    assertThat(model.allInstances().get(0).status().location()).as("remote instances name their host")
        .isEqualTo("id1");

    model.watch(List.of("id1"));
    assertThat(model.work().errorProperty().get()).as("a failed watch says why").contains("no network in this test");
    assertThat(model.instances()).as("a watch that failed adds nothing").isEmpty();
  }

  /** Behaves like SshRemoteOps' services as far as the screen can tell, recording what it was asked. */
  final class FakeOps implements RemoteOps {
    final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    boolean changedKey;

    @Override
    public String learnHostKey(Host host, HostKeyDecision decision) throws RemoteException {
      if (changedKey) {
        throw new RemoteException(RemoteException.Reason.HOST_KEY_CHANGED,
            host.name() + ": host key " + FINGERPRINT + " differs from the one in known_hosts; refusing");
      }
      if (!decision.acceptFirstUse(host.name(), FINGERPRINT)) {
        throw new RemoteException(RemoteException.Reason.HOST_KEY_UNKNOWN,
            host.name() + ": host key " + FINGERPRINT + " was not accepted");
      }
      return FINGERPRINT;
    }

    @Override
    public ActionResult run(HostAction action, Host host, Optional<Bundle> bundle, Credentials credentials,
        Progress progress, Cancellation cancel) {
      ran.add(action.name().toLowerCase() + " " + host.name());
      progress.step(host.name(), "connecting");
      if (action == HostAction.RESTART) {
        credentials.secondFactor().ask("Verification code:");
      }
      return new ActionResult(host.name(), action.name().toLowerCase(), Outcome.OK, "", "active (pid 7)");
    }

    @Override
    public List<ActionResult> deploy(List<Host> hosts, Bundle bundle, Credentials credentials, Fleet fleet,
        Progress progress, Cancellation cancel) {
      ran.add("deploy " + String.join(", ", hosts.stream().map(Host::name).toList()) + " " + bundle.version());
      return hosts.stream().map(h -> new ActionResult(h.name(), "deploy", Outcome.OK, bundle.version(),
          bundle.version() + " running and healthy")).toList();
    }

    @Override
    public RemoteSession open(Host host, Credentials credentials) throws RemoteException {
      throw new RemoteException(RemoteException.Reason.CONNECT_FAILED, host.name() + ": no network in this test");
    }
  }
}
