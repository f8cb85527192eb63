package io.ferrymq.store;

/**
 * Result of {@link MessageStore#appendReplicated}: {@code ok} with the new commit-log end, or the reason the bytes
 * were refused (offset mismatch, corrupt entry, store not running) and the current end to resynchronise from.
 */
public record ReplicaAppendResult(boolean ok, long commitLogMaxOffset, String reason) {
}
