package io.ferrymq.broker;

import io.ferrymq.remoting.RemotingCommand;

/** A request refused with a wire response code and a remark that says what failed and what to do. */
public record Rejection(int code, String remark) {
    public RemotingCommand toResponse() {
        return RemotingCommand.response(code, remark);
    }
}
