/**
 * The admin listener every RVNT server process runs on loopback ({@link io.rvnt.daemon.admin.AdminListener}), the
 * small interface a component plugs into it with ({@link io.rvnt.daemon.admin.AdminComponent}), and the one
 * Prometheus writer with one naming scheme: {@code rvnt_<component>_...} for what the component counts,
 * {@code rvnt_process_...} for the process. Aggregates only (invariant 1).
 */
package io.rvnt.daemon.admin;
