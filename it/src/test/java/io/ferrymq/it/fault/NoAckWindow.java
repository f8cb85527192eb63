package io.ferrymq.it.fault;

/**
 * A period in which a broker group cannot have replicated anything (its slave stopped or cut off): a SEND_OK from
 * that group for a send started and finished inside it is a false acknowledgement.
 *
 * @param brokerName the group
 * @param fromMillis wall clock when the fault took effect
 * @param toMillis   wall clock when it was undone
 * @param reason     the fault, for the report
 */
public record NoAckWindow(String brokerName, long fromMillis, long toMillis, String reason) {
}
