package io.rvnt.remote.ops;

import io.rvnt.remote.RemoteException;
import io.rvnt.remote.inventory.Host;
import io.rvnt.remote.ssh.RemoteSession;
import io.rvnt.remote.ssh.Tunnel;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits for a freshly (re)started service to answer its role's health path ({@code GET /health}) with 200 on its
 * admin listener, through an SSH port forward, asking every {@link HealthSettings#interval()} until
 * {@link HealthSettings#deadline()}; gives up early when the service has exited.
 */
final class HealthWait {
  private final HealthSettings settings;
  private final Clock clock;

  HealthWait(HealthSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Empty once the service answers 200 before the deadline, else why not. */
  Optional<String> problem(RemoteSession session, HostLayout layout, Progress progress) throws RemoteException {
    Host host = session.host();
    AdminHttp http = new AdminHttp(settings.requestTimeout());
    Instant deadline = clock.instant().plus(settings.deadline());
    String last = "no answer";
    try (Tunnel tunnel = session.forward(host.adminPort())) {
      while (clock.instant().isBefore(deadline)) {
        try {
          AdminHttp.Response response = http.get(tunnel.localPort(), host.role().healthPath());
          if (response.status() == 200) {
            progress.step(host.name(), "healthy");
            return Optional.empty();
          }
          last = "health answered " + response.status();
        } catch (IOException e) {
          last = "admin listener not reachable";
        }
        if (!session.exec(layout.service("status")).ok()) {
          return Optional.of("the service exited");
        }
        Thread.sleep(settings.interval().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
    return Optional.of(last + " within " + settings.deadline().toSeconds() + " s");
  }
}
