package io.rvnt.remote.ssh;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.RemoteException.Reason;
import io.rvnt.remote.inventory.Host;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.xfer.FileSystemFile;
import net.schmizz.sshj.xfer.TransferListener;
import net.schmizz.sshj.common.StreamCopier;

/**
 * An authenticated SSH connection to one host: run a command, upload a file by SFTP, forward a local port to the
 * host's loopback. Not thread-safe: one action uses it at a time. Commands are run as given; callers quote with
 * {@link Shell#quote}.
 */
public final class RemoteSession implements AutoCloseable {
  private final Host host;
  private final SSHClient client;
  private final SshSettings settings;

  RemoteSession(Host host, SSHClient client, SshSettings settings) {
    this.host = host;
    this.client = client;
    this.settings = settings;
  }

  public Host host() {
    return host;
  }

  /** Runs {@code command} through the login shell (with {@code sudo -n} for a non-root user) and waits for it. */
  public ExecResult exec(String command) throws RemoteException {
    return execLine(privileged() ? command : "sudo -n sh -c " + Shell.quote(command));
  }

  /** Runs {@code command} as the login user itself, without sudo (for its own files, such as SFTP staging). */
  public ExecResult execAsLoginUser(String command) throws RemoteException {
    return execLine(command);
  }

  /** Whether the login user is root, so that commands and SFTP run with root's rights directly. */
  public boolean privileged() {
    return host.user().equals("root");
  }

  private ExecResult execLine(String line) throws RemoteException {
    try (Session session = client.startSession()) {
      Session.Command cmd = session.exec(line);
      CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readQuietly(cmd.getErrorStream()));
      byte[] stdout = read(cmd.getInputStream());
      cmd.join(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
      Integer status = cmd.getExitStatus();
      byte[] err = stderr.get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return new ExecResult(status == null ? -1 : status, text(stdout), text(err));
    } catch (IOException e) {
      throw new RemoteException(Reason.CONNECT_FAILED, host.name() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(Reason.CANCELLED, host.name() + ": interrupted", e);
    } catch (Exception e) {
      throw new RemoteException(Reason.CONNECT_FAILED, host.name() + ": command did not finish: " + e, e);
    }
  }

  /** Like {@link #exec} but a non-zero exit is a {@link Reason#COMMAND_FAILED} naming {@code step}. */
  public ExecResult run(String step, String command) throws RemoteException {
    ExecResult result = exec(command);
    if (!result.ok()) {
      throw new RemoteException(Reason.COMMAND_FAILED, host.name() + ": " + step + " failed: " + result.reason());
    }
    return result;
  }

  /** Uploads {@code local} to {@code remotePath} by SFTP, reporting bytes sent. */
  public void upload(Path local, String remotePath, LongConsumer bytesSent) throws RemoteException {
    try (SFTPClient sftp = client.newSFTPClient()) {
      sftp.getFileTransfer().setTransferListener(new Listener(bytesSent));
      sftp.put(new FileSystemFile(local.toFile()), remotePath);
    } catch (IOException e) {
      throw new RemoteException(Reason.CONNECT_FAILED, host.name() + ": upload failed: " + e.getMessage(), e);
    }
  }

  /**
   * Forwards a fresh port on the local loopback to {@code remotePort} on the host's loopback, so the host's admin
   * listener is reached without ever being exposed. Close the tunnel to stop forwarding.
   */
  public Tunnel forward(int remotePort) throws RemoteException {
    try {
      return Tunnel.open(client, remotePort, host.name());
    } catch (IOException e) {
      throw new RemoteException(Reason.CONNECT_FAILED, host.name() + ": cannot forward a port: " + e.getMessage(), e);
    }
  }

  /** Whether the connection is still up and authenticated (keep-alives notice a dead peer). */
  public boolean isOpen() {
    return client.isConnected() && client.isAuthenticated();
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException ignored) {
      // Closing: nothing left to do with this connection.
    }
  }

  private byte[] read(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      // Keep reading past the limit so the channel's window keeps moving; drop the excess.
      if (out.size() < settings.maxOutputBytes()) {
        out.write(buffer, 0, Math.min(n, settings.maxOutputBytes() - out.size()));
      }
    }
    return out.toByteArray();
  }

  private byte[] readQuietly(InputStream in) {
    try {
      return read(in);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static final class Listener implements TransferListener {
    private final LongConsumer bytesSent;

    Listener(LongConsumer bytesSent) {
      this.bytesSent = bytesSent;
    }

    @Override
    public TransferListener directory(String name) {
      return this;
    }

    @Override
    public StreamCopier.Listener file(String name, long size) {
      return bytesSent::accept;
    }
  }
}
