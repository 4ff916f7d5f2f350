/**
 * What every RVNT server process (identity server, bootstrap node, relay) shares, so that each follows one
 * discipline: {@code logging} (one line per record to stderr, nothing identifying at any level) and {@code admin}
 * (the loopback admin listener serving aggregate metrics and health).
 */
package io.rvnt.daemon;
