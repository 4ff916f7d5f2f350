package io.rvnt.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway OpenSSH server on a loopback port (Debian openssh-server), with its own Ed25519 host key and an
 * Ed25519 client key, key-only authentication and {@code StrictModes no} for keys under a temp folder. With
 * {@link #startWithTotp} it also requires {@code keyboard-interactive} answered through PAM by
 * pam_google_authenticator, the second factor of the server architecture. Logs of sshd go to a file in the folder.
 * Must run as root (sshd's privilege separation, and the mount namespace {@link #withoutRootsBashrc} makes); a missing
 * sshd or unshare fails loudly.
 */
public final class Sshd implements AutoCloseable {
  public static final Path SSHD = Path.of("/usr/sbin/sshd");
  private static final Path PAM_MODULE = Path.of("/lib/x86_64-linux-gnu/security/pam_google_authenticator.so");
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path dir;
  private final Path clientKey;
  private final String hostKeyFingerprint;
  private final Path pamService;
  private final String totpSecret;

  private Sshd(Process process, int port, Path dir, Path clientKey, String fingerprint, Path pamService,
      String totpSecret) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.clientKey = clientKey;
    this.hostKeyFingerprint = fingerprint;
    this.pamService = pamService;
    this.totpSecret = totpSecret;
  }

  /** Key-only sshd; the client key is protected by {@code passphrase} (empty for none). */
  public static Sshd start(Path dir, String passphrase) throws IOException, InterruptedException {
    return start(dir, passphrase, null, List.of());
  }

  /**
   * sshd with key plus TOTP, the secret enrolled exactly as docs/remote.md says
   * ({@code google-authenticator -t -d -f -r 3 -R 30 -w 3}: each code once, at most 3 logins per 30 s, the codes
   * before and after the current one accepted), and {@code config} lines ahead of the fixture's own, so that they win
   * (sshd takes the first value of a keyword): the shipped rvnt-sshd.conf, for instance. {@link #totpSecret()} is
   * the enrolled secret.
   */
  public static Sshd startEnrolled(Path dir, List<String> config) throws IOException, InterruptedException {
    if (!Files.exists(PAM_MODULE)) {
      throw new IllegalStateException(PAM_MODULE + " missing: run scripts/install-test-deps "
          + "(libpam-google-authenticator)");
    }
    return start(dir, "", ENROLL, config);
  }

  /**
   * sshd with {@code AuthenticationMethods publickey,keyboard-interactive}; the keyboard-interactive step is
   * pam_google_authenticator with {@code totpSecretBase32} (RFC 6238, 30 s, 6 digits, SHA-1).
   */
  public static Sshd startWithTotp(Path dir, String passphrase, String totpSecretBase32)
      throws IOException, InterruptedException {
    if (!Files.exists(PAM_MODULE)) {
      throw new IllegalStateException(PAM_MODULE + " missing: run scripts/install-test-deps "
          + "(libpam-google-authenticator)");
    }
    return start(dir, passphrase, totpSecretBase32, List.of());
  }

  /** Stands for "enrol a secret as the docs say" in place of a given one. */
  private static final String ENROLL = "";

  private static Sshd start(Path dir, String passphrase, String totpSecret, List<String> extraConfig)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(SSHD)) {
      throw new IllegalStateException(SSHD + " missing: run scripts/install-test-deps (openssh-server)");
    }
    Files.createDirectories(Path.of("/run/sshd"));
    Path hostKey = dir.resolve("host_key");
    Path clientKey = dir.resolve("client_key");
    CommandRun.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString())).requireSuccess();
    CommandRun.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", clientKey.toString()))
        .requireSuccess();
    Path authorized = dir.resolve("authorized_keys");
    Files.copy(dir.resolve("client_key.pub"), authorized);
    String fingerprint = CommandRun.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub"))
        .requireSuccess().stdout().split(" ")[1];
    int port = LoopbackPorts.free();
    List<String> config = new ArrayList<>(extraConfig);
    config.addAll(List.of(
        "Port " + port,
        "ListenAddress 127.0.0.1",
        "HostKey " + hostKey,
        "PidFile " + dir.resolve("sshd.pid"),
        "AuthorizedKeysFile " + authorized,
        "StrictModes no",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        totpSecret == null ? "PermitRootLogin prohibit-password"
            // For root, any other value makes sshd hand PAM a dummy answer, so the TOTP step always fails. The key
            // is still required first (AuthenticationMethods) and passwords stay off; real hosts log in as a user.
            : "PermitRootLogin yes",
        "AllowTcpForwarding local",
        "Subsystem sftp internal-sftp"));
    Path executable = SSHD;
    Path pamService = null;
    if (totpSecret == null) {
      config.addAll(List.of("KbdInteractiveAuthentication no", "UsePAM no"));
    } else {
      // sshd names its PAM service after argv[0]: a uniquely named link gets a PAM stack of its own.
      String name = "rvnt-test-sshd-" + UUID.randomUUID().toString().substring(0, 8);
      executable = dir.resolve(name);
      Files.createSymbolicLink(executable, SSHD);
      Path secret = dir.resolve("google_authenticator");
      if (totpSecret.equals(ENROLL)) {
        CommandRun.run(List.of("google-authenticator", "-t", "-d", "-f", "-r", "3", "-R", "30", "-w", "3", "-Q",
            "NONE", "-q", "-s", secret.toString())).requireSuccess("google-authenticator, enrolling as the docs say");
        totpSecret = Files.readAllLines(secret).get(0).strip();
      } else {
        Files.writeString(secret, totpSecret + "\n\" TOTP_AUTH\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("r--------"));
      }
      pamService = Path.of("/etc/pam.d", name);
      Files.writeString(pamService, String.join("\n",
          "auth required pam_google_authenticator.so secret=" + secret + " user=root",
          "account required pam_permit.so",
          "session required pam_permit.so",
          ""));
      config.addAll(List.of(
          "KbdInteractiveAuthentication yes",
          "UsePAM yes",
          "AuthenticationMethods publickey,keyboard-interactive"));
    }
    Path configFile = dir.resolve("sshd_config");
    Files.write(configFile, config);
    CommandRun.run(List.of(executable.toString(), "-t", "-f", configFile.toString()))
        .requireSuccess("sshd -t on the test config");
    Process process = new ProcessBuilder(withoutRootsBashrc(executable, "-D", "-e", "-f", configFile.toString()))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("sshd.log").toFile())
        .start();
    Sshd sshd = new Sshd(process, port, dir, clientKey, fingerprint, pamService, totpSecret);
    if (!LoopbackPorts.awaitAccepting(port, process, START_DEADLINE)) {
      String why = process.isAlive() ? "did not listen within " + START_DEADLINE : "exited with " + process.exitValue();
      sshd.close();
      throw new IllegalStateException("sshd " + why + ": " + sshd.log());
    }
    return sshd;
  }

  /**
   * The command that runs {@code executable} in a mount namespace of its own where root's ~/.bashrc reads as empty.
   * Sessions log in as root, and the bash that sshd starts for every command sources ~/.bashrc: on a developer's
   * machine that can cost half a second of CPU per command (pyenv, nvm and the like), and it made the deploy tests
   * slow and timing-sensitive. The fixture stands for a freshly installed host, whose non-interactive shells read
   * nothing of the kind. unshare's private propagation keeps the bind mount out of the real machine; without
   * {@code --fork} the command is exec'd in place, so the process started is sshd itself.
   */
  private static List<String> withoutRootsBashrc(Path executable, String... arguments) {
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c",
        "home=\"$(getent passwd root | cut -d: -f6)\"; "
            + "if [ -f \"$home/.bashrc\" ]; then mount --bind /dev/null \"$home/.bashrc\" || exit 1; fi; "
            + "exec \"$@\"",
        "sshd", executable.toString()));
    command.addAll(List.of(arguments));
    return command;
  }

  public int port() {
    return port;
  }

  public Path clientKey() {
    return clientKey;
  }

  /** The TOTP secret (base32) of a server with a second factor, else null. */
  public String totpSecret() {
    return totpSecret;
  }

  /** {@code SHA256:...}, as {@code ssh-keygen -lf host_key.pub -E sha256} prints it. */
  public String hostKeyFingerprint() {
    return hostKeyFingerprint;
  }

  /** A known_hosts line for this server's key, as OpenSSH writes it for a non-default port. */
  public String knownHostsLine() throws IOException {
    String[] pub = Files.readString(dir.resolve("host_key.pub")).strip().split(" ");
    return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
  }

  /** sshd's own log, for assertion messages. */
  public String log() throws IOException {
    Path log = dir.resolve("sshd.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (pamService != null) {
      Files.deleteIfExists(pamService);
      Files.deleteIfExists(dir.resolve(pamService.getFileName()));
    }
  }
}
