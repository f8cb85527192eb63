package io.ferrymq.broker.stats;

import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;

/**
 * Sorts request codes into the few kinds the rejection counters are labelled with, so a label stays bounded
 * ({@code send}, {@code send_back}, {@code pull}, {@code client}, {@code admin}).
 */
public final class RequestKind {
    private RequestKind() {
    }

    /**
     * The kind of {@code requestCode}, or null when {@code responseCode} is a normal outcome of that kind rather
     * than a rejection (a pull that found nothing new, or must retry, or was moved).
     */
    public static String of(int requestCode, int responseCode) {
        return switch (requestCode) {
            case RequestCode.SEND_MESSAGE, RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE,
                 RequestCode.SEND_REPLY_MESSAGE, RequestCode.SEND_REPLY_MESSAGE_V2 -> "send";
            case RequestCode.CONSUMER_SEND_MSG_BACK -> "send_back";
            case RequestCode.PULL_MESSAGE, RequestCode.LITE_PULL_MESSAGE -> switch (responseCode) {
                case ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY,
                     ResponseCode.PULL_OFFSET_MOVED -> null;
                default -> "pull";
            };
            case RequestCode.HEART_BEAT, RequestCode.UNREGISTER_CLIENT, RequestCode.CHECK_CLIENT_CONFIG,
                 RequestCode.GET_CONSUMER_LIST_BY_GROUP, RequestCode.QUERY_CONSUMER_OFFSET,
                 RequestCode.UPDATE_CONSUMER_OFFSET, RequestCode.LOCK_BATCH_MQ, RequestCode.UNLOCK_BATCH_MQ,
                 RequestCode.GET_MAX_OFFSET, RequestCode.GET_MIN_OFFSET, RequestCode.SEARCH_OFFSET_BY_TIMESTAMP,
                 RequestCode.GET_EARLIEST_MSG_STORETIME -> responseCode == ResponseCode.QUERY_NOT_FOUND ? null
                    : "client";
            default -> responseCode == ResponseCode.QUERY_NOT_FOUND ? null : "admin";
        };
    }
}
