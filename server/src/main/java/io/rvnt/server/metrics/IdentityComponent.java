package io.rvnt.server.metrics;

import io.rvnt.daemon.admin.AdminComponent;
import io.rvnt.daemon.admin.Family;
import io.rvnt.daemon.admin.MetricsSchema;
import io.rvnt.daemon.metrics.LatencyWindow;
import io.rvnt.protocol.metrics.MetricsSnapshot;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The identity server on the admin listener: its routes, its connections and how many users are registered, as
 * {@code rvnt_identity_...}. Healthy while it runs, as before the admin listener was shared.
 */
public final class IdentityComponent implements AdminComponent {
  static final MetricsSchema SCHEMA = new MetricsSchema("an API route", true,
      "Open client connections, all API listeners together.",
      List.of(Family.gauge("registered_users", "Registered users: counted once when the store opens, then kept by "
          + "registrations and deletions."),
          Family.gauge("min_free_disk_bytes", "Free bytes on the data directory's file system below which "
              + "registrations are refused with 507 (the min-free-disk setting), for the disk alert's forecast.")));

  private final ServerMetrics metrics;
  private final LongSupplier registeredUsers;
  private final long minFreeDiskBytes;

  public IdentityComponent(ServerMetrics metrics, LongSupplier registeredUsers, long minFreeDiskBytes) {
    this.metrics = metrics;
    this.registeredUsers = registeredUsers;
    this.minFreeDiskBytes = minFreeDiskBytes;
  }

  @Override
  public String name() {
    return "identity";
  }

  @Override
  public MetricsSchema schema() {
    return SCHEMA;
  }

  @Override
  public MetricsSnapshot snapshot() {
    return metrics.snapshot(Map.of("registered_users", (double) registeredUsers.getAsLong(),
        "min_free_disk_bytes", (double) minFreeDiskBytes));
  }

  @Override
  public Map<String, LatencyWindow> latencyWindows() {
    return metrics.latencyWindows();
  }

  @Override
  public boolean healthy() {
    return true;
  }
}
