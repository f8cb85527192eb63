package io.ferrymq.client.admin;

import io.ferrymq.client.ReceivedMessage;

import java.util.List;

/**
 * The trace of one message: its trace records in time order (each SUB_AFTER carries the consumer group of its
 * SUB_BEFORE), the stored message itself when it could still be found (where and when the broker stored it), and
 * trace messages that could not be decoded (kept visible rather than dropped).
 *
 * @param msgId       the traced message id
 * @param traceTopic  the trace topic searched
 * @param records     decoded records about {@code msgId}, oldest first (records without a time last)
 * @param stored      the message as stored, or null when its topic is unknown or it is gone
 * @param undecodable one line per trace message body that did not follow the format
 */
public record MessageTrace(String msgId, String traceTopic, List<TraceRecord> records, ReceivedMessage stored,
                           List<String> undecodable) {
}
