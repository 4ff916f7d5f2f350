package io.rvnt.console.dht;

/** Entries in one k-bucket of a bootstrap node's routing table. */
public record BucketCount(int bucket, int entries) {}
