package io.rvnt.server.identity;

import java.time.Duration;

/** The limits the identity rules enforce (spec §5–§7, defaults in docs/server-config.md). */
public record IdentityLimits(
    int registerPowBits,
    int writePowBits,
    Duration timestampWindow,
    int maxPrekeysPerUpload,
    int maxStoredPrekeys,
    long minFreeDiskBytes) {}
