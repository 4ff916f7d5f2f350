package io.rvnt.relay.protocol;

/** An envelope as a collect response carries it (spec §6.5): its id, its receipt day, and the blob. */
public record CollectedEnvelope(byte[] id, int day, byte[] blob) {}
