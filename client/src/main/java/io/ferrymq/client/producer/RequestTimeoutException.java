package io.ferrymq.client.producer;

import io.ferrymq.client.ClientException;

/** No reply arrived for a {@code request} within its timeout. */
public class RequestTimeoutException extends ClientException {
    public RequestTimeoutException(String message) {
        super(message, true);
    }
}
