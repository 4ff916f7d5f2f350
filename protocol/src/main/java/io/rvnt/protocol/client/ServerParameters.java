package io.rvnt.protocol.client;

import io.rvnt.protocol.pow.PowTarget;
import java.time.Duration;

/**
 * What {@code GET /v1/params} publishes (spec §7.6): the limits a client must respect, the floors of the proof of
 * work in bits, and what to solve for now: the server seed with the suggested effort of a registration and of the
 * other writes (§6.4, §6.5).
 */
public record ServerParameters(
    int registerPowBits,
    int writePowBits,
    Duration timestampWindow,
    int maxPreKeysPerUpload,
    int maxStoredPreKeys,
    int maxBodyBytes,
    String protocolVersion,
    PowTarget registerPow,
    PowTarget writePow,
    long powSeedExpiresMs) {}
