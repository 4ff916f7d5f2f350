package io.rvnt.protocol.client;

import java.time.Duration;

/** What {@code GET /v1/params} publishes (spec §7.6): the limits and difficulties a client must respect. */
public record ServerParameters(
    int registerPowBits,
    int writePowBits,
    Duration timestampWindow,
    int maxPreKeysPerUpload,
    int maxStoredPreKeys,
    int maxBodyBytes,
    String protocolVersion) {}
